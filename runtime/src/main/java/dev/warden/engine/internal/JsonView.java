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

import dev.warden.engine.IndexedJson;

/**
 * The {@code event} a rule receives: its JSON checked and indexed once ({@link IndexedJson}), with objects and arrays
 * handed to JavaScript as polyglot proxies whose members are decoded when first read. JavaScript reads them like the objects {@code JSON.parse} builds (property access, {@code
 * Object.keys}/{@code entries}, {@code for...in}/{@code of}, spread, {@code JSON.stringify}, {@code Array.isArray} and
 * the Array methods) and may change them, but only what a rule touches is ever converted.
 *
 * <p>Why: building JavaScript objects for a whole webhook body with {@code JSON.parse} was most of a trivial run's
 * cost (bench/webhooks-history.md), and so was building Java maps of all of it with Jackson for a rule that reads
 * one field. A nested object is wrapped on
 * first access and the wrapper replaces it in its parent, so {@code event.body.page === event.body.page} holds and an
 * element keeps its identity when the array around it changes. Not thread-safe: one per run.
 */
public final class JsonView {

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
            return view(IndexedJson.read(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The event given as its members, with {@code body} (when not null) read from checked JSON, each value decoded
     * when the rule first reads it. {@code head} becomes the event object.
     */
    public static Object of(Map<String, Object> head, IndexedJson body) {
        if (body != null) {
            head.put("body", view(body));
        }
        return new JsonObject(head);
    }

    /** An object's members or an array's elements, each still to be read. */
    private static Object unread(IndexedJson json) {
        if (json.isObject()) {
            Map<String, Object> members = LinkedHashMap.newLinkedHashMap(json.size());
            for (int i = 0; i < json.size(); i++) {
                members.put(json.name(i), new Unread(json, i));
            }
            return new JsonObject(members);
        }
        if (json.isArray()) {
            List<Object> items = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                items.add(new Unread(json, i));
            }
            return new JsonArray(items);
        }
        return view(json.parse());
    }

    /** A member or element of indexed JSON that no one has read yet. */
    private record Unread(IndexedJson json, int member) {
        Object parse() {
            return json.member(member);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object view(Object parsed) {
        return switch (parsed) {
            case Unread unread -> view(unread.parse());
            case IndexedJson json -> unread(json);
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
        /** How far past its end an event array may be written. */
        private static final int MAX_HOLES = 1_000_000;

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
            if (index - items.size() > MAX_HOLES) {
                // The holes are filled here, in Java, where the run's timeout cannot interrupt: bounded. The rule
                // sees GraalJS's "Invalid array index"; copying the array ([...arr]) lets it write sparsely.
                throw new ArrayIndexOutOfBoundsException("index " + index + " is more than " + MAX_HOLES
                        + " past the end of an event array of " + items.size() + " items");
            }
            if (items.size() < index) {
                items.addAll(java.util.Collections.nCopies((int) (index - items.size()), null));
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
