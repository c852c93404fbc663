package dev.warden.simulator;

import dev.warden.simulator.SeededUser.Role;

/** Names from the built-in demo data that the tests rely on; the README tells the same story. */
final class Fixtures {
    static final String CLOUD_ID = "0e3c5b5a-7d1f-4c51-9a43-5c1f2d9e8a10";
    static final String ENG_SPACE = "98305";
    static final String HR_SPACE = "98306";
    static final String ENGINEERING_HOME = "65537";
    static final String RELEASE_CHECKLIST = "65538";
    static final String CREDENTIALS_ROTATION = "65540";
    static final String ON_CALL_RUNBOOK = "65539";
    static final String HR_HOME = "65550";
    static final String HOLIDAY_POLICY = "65551";
    static final String SALARIES = "65552";
    static final String PERFORMANCE_REVIEWS = "65553";
    static final String REVIEW_NOTES = "65554";
    static final String LEVEL_INTERNAL = "3f0b8a52-1c2d-4e5f-8a9b-0c1d2e3f4a02";
    static final String LEVEL_CONFIDENTIAL = "3f0b8a52-1c2d-4e5f-8a9b-0c1d2e3f4a03";
    static final String LEVEL_RESTRICTED = "3f0b8a52-1c2d-4e5f-8a9b-0c1d2e3f4a04";

    static final String V1_CANNOT_ACCESS = "{\"statusCode\":403,\"message\":\"com.atlassian.confluence.mvc.rest.common"
            + ".exception.StacklessResponseStatusException: 403 FORBIDDEN \\\"Request rejected because caller cannot"
            + " access Confluence\\\"\"}";
    static final String V2_NOT_FOUND =
            "{\"errors\":[{\"status\":404,\"code\":\"NOT_FOUND\",\"title\":\"Not Found\",\"detail\":null}]}";
    static final String SCOPE_MISMATCH = "{\"code\":401,\"message\":\"Unauthorized; scope does not match\"}";

    private Fixtures() {}

    static SeededUser admin(ConfluenceSimulator sim) {
        return sim.user(Role.ORG_ADMIN);
    }

    static SeededUser uma(ConfluenceSimulator sim) {
        return byEmail(sim, "uma.user@example.com");
    }

    static SeededUser hana(ConfluenceSimulator sim) {
        return byEmail(sim, "hana.hr@example.com");
    }

    static SeededUser byEmail(ConfluenceSimulator sim, String email) {
        return sim.users().stream().filter(u -> u.email().equals(email)).findFirst().orElseThrow();
    }

    static String key(ConfluenceSimulator sim, String name) {
        return sim.users().stream().flatMap(u -> u.complianceKeys().stream())
                .filter(k -> k.name().equals(name)).findFirst().orElseThrow().key();
    }

    static String scopedToken(SeededUser user, String name) {
        return user.scopedTokens().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().token();
    }
}
