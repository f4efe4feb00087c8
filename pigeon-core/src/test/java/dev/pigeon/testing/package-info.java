/**
 * Test harness for SMTP clients: {@link dev.pigeon.testing.ScriptedServer} plays a
 * {@link dev.pigeon.testing.Script} of {@link dev.pigeon.testing.Step}s (reads with deadlines,
 * sends, and {@link dev.pigeon.testing.SocketEffect} faults) and records every byte the client
 * sent; {@link dev.pigeon.testing.RecordingListener} records the client's session events.
 *
 * <p>For hostile cases: {@link dev.pigeon.testing.Dialogue#upTo} plays a well-behaved server up to
 * a stage; {@link dev.pigeon.testing.SocketEffect.Flood} sends an endless line or endless
 * continuation lines; {@code Script.Builder.closeMidData} hangs up in the middle of the content;
 * {@code injectAfterStartTls} appends plaintext to the STARTTLS reply; a certificate switch is a
 * {@link dev.pigeon.testing.SocketEffect.StartTls} with another context on the next connection;
 * {@link dev.pigeon.testing.ScriptedServer#anyConnectionWithin} proves that nothing connected.
 *
 * <p>No step sleeps to synchronise: reads block against deadlines, timed effects (drip, pause,
 * stall) wait on a latch that the server's {@code close()} releases.
 */
package dev.pigeon.testing;
