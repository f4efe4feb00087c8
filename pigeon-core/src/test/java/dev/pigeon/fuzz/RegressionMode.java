package dev.pigeon.fuzz;

/**
 * Keeps the ordinary build fast and unaffected: when not fuzzing, Jazzer would still attach its
 * agent and hook every class loaded afterwards in the shared test JVM (about 13 s, and the other
 * test classes run instrumented). Replaying the committed inputs needs none of that.
 */
final class RegressionMode {
    private RegressionMode() {}

    /** Called from each fuzz test's {@code @BeforeAll}, before Jazzer sets itself up. */
    static void withoutHooksUnlessFuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        boolean fuzzing = fuzz != null && (fuzz.equals("1") || fuzz.equalsIgnoreCase("true") || fuzz.equalsIgnoreCase("yes"));
        if (!fuzzing && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }
}
