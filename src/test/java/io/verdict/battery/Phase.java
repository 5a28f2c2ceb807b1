package io.verdict.battery;

/**
 * One phase of the battery. It records into its tally what it tried and saw; when it cannot run it says why
 * ({@link Tally#skip}) rather than failing the battery.
 */
interface Phase {

    String name();

    /** One line for the report: what the phase does. */
    String purpose();

    void run(BatteryContext context, Tally tally) throws Exception;
}
