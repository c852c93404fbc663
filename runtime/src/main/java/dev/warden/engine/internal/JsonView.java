package dev.warden.engine.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.engine.IndexedJson;

/**
 * The {@code event} a rule receives: its JSON parsed by Jackson, with objects and arrays handed to JavaScript as
 * polyglot proxies. JavaScript reads them like the objects {@code JSON.parse} builds (property access, {@code
 * Object.keys}/{@code entries}, {@code for...in}/{@code of}, spread, {@code JSON.stringify}, {@code Array.isArray} and
 * the Array methods) and may change them, but only what a rule touches is ever converted.
 *
 * <p>Why: building JavaScript objects for a whole webhook body with {@code JSON.parse} was most of a trivial run's
 * cost (BENCHMARKS.md, "Webhooks"); Jackson parses the same text several times faster. A nested object is wrapped on
 * first access and the wrapper replaces it in its parent, so {@code event.body.page === event.body.page} holds and an
 * element keeps its identity when the array around it changes. Not thread-safe: one per run.
 */
public final class JsonView {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Integers beyond this come out of {@code JSON.parse} as the nearest double; so they do here. */
    private static final long SAFE_INTEGER = (1L << 53) - 1;

    private JsonView() {
    }

    /**
     * The JSON text as a value for JavaScript: a proxy for an object or array, else a string, number, boolean or
     * null.
     *
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static Object of(String json) {
        try {
            return view(JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event given as its members, with {@code body} (when not null) read from checked JSON: an object body's
     * members are parsed one at a time, when the rule first reads each. {@code head} becomes the event object.
     */
    public static Object of(Map<String, Object> head, IndexedJson body) {
        if (body != null) {
            head.put("body", body.isObject() ? new JsonObject(unread(body)) : body.parse());
        }
        return new JsonObject(head);
    }

    /** The object's members, each still to be parsed. */
    private static Map<String, Object> unread(IndexedJson body) {
        String[] names = body.names();
        Map<String, Object> members = LinkedHashMap.newLinkedHashMap(names.length);
        for (int i = 0; i < names.length; i++) {
            members.put(names[i], new Unread(body, i));
        }
        return members;
    }

    /** A member of an indexed body that no one has read yet. */
    private record Unread(IndexedJson body, int member) {
        Object parse() {
            return body.member(member);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object view(Object parsed) {
        return switch (parsed) {
            case Unread unread -> view(unread.parse());
            case Map<?, ?> map -> new JsonObject((Map<String, Object>) map);
            case List<?> list -> new JsonArray((List<Object>) list);
            case Long n when n > SAFE_INTEGER || n < -SAFE_INTEGER -> n.doubleValue();
            case BigInteger n -> n.doubleValue();
            case null, default -> parsed;
        };
    }

    /** The value as JavaScript gets it; a new wrapper (or a rounded number) replaces it where it came from. */
    private static Object viewed(Object value, Consumer<Object> replace) {
        Object view = view(value);
        if (view != value) {
            replace.accept(view);
        }
        return view;
    }

    /** A JSON object; what the rule writes is kept as the polyglot value it wrote. */
    private static final class JsonObject implements ProxyObject {
        private final Map<String, Object> members;

        JsonObject(Map<String, Object> members) {
            this.members = members;
        }

        @Override
        public Object getMember(String key) {
            return viewed(members.get(key), view -> members.put(key, view));
        }

        @Override
        public Object getMemberKeys() {
            return ProxyArray.fromArray(members.keySet().toArray());
        }

        @Override
        public boolean hasMember(String key) {
            return members.containsKey(key);
        }

        @Override
        public void putMember(String key, Value value) {
            members.put(key, value);
        }

        @Override
        public boolean removeMember(String key) {
            if (!members.containsKey(key)) {
                return false;
            }
            members.remove(key);
            return true;
        }
    }

    /** A JSON array; it grows and shrinks as JavaScript's push, pop, splice and length writes ask. */
    private static final class JsonArray implements ProxyArray {
        private final List<Object> items;

        JsonArray(List<Object> items) {
            this.items = items instanceof ArrayList<Object> ? items : new ArrayList<>(items);
        }

        @Override
        public Object get(long index) {
            int i = checked(index, items.size());
            return viewed(items.get(i), view -> items.set(i, view));
        }

        @Override
        public void set(long index, Value value) {
            if (index < 0 || index > Integer.MAX_VALUE - 8) {
                throw new ArrayIndexOutOfBoundsException("index " + index);
            }
            while (items.size() < index) {
                items.add(null);
            }
            if (index == items.size()) {
                items.add(value);
            } else {
                items.set((int) index, value);
            }
        }

        @Override
        public boolean remove(long index) {
            items.remove(checked(index, items.size()));
            return true;
        }

        @Override
        public long getSize() {
            return items.size();
        }

        private static int checked(long index, int size) {
            if (index < 0 || index >= size) {
                throw new ArrayIndexOutOfBoundsException("index " + index + " of " + size);
            }
            return (int) index;
        }
    }
}
