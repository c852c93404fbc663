package dev.warden.rules.internal;

import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Value;

/** Finds the rule descriptors a module exports: a default or named export, or an array of them. */
public final class RuleExports {

    private RuleExports() {
    }

    public static List<Value> of(Value exports) {
        List<Value> rules = new ArrayList<>();
        if (exports == null || !exports.hasMembers()) {
            return rules;
        }
        for (String key : exports.getMemberKeys()) {
            Value value = exports.getMember(key);
            if (value.hasArrayElements()) {
                for (long i = 0; i < value.getArraySize(); i++) {
                    addIfRule(value.getArrayElement(i), rules);
                }
            } else {
                addIfRule(value, rules);
            }
        }
        return rules;
    }

    public static Value find(Value exports, String id) {
        for (Value rule : of(exports)) {
            Value ruleId = rule.getMember("id");
            if (ruleId != null && ruleId.isString() && ruleId.asString().equals(id)) {
                return rule;
            }
        }
        return null;
    }

    private static void addIfRule(Value value, List<Value> rules) {
        if (isKind(value, "rule") && !rules.contains(value)) {
            rules.add(value);
        }
    }

    static boolean isKind(Value value, String kind) {
        if (value == null || !value.hasMembers()) {
            return false;
        }
        Value marker = value.getMember("__warden");
        return marker != null && marker.isString() && marker.asString().equals(kind);
    }
}
