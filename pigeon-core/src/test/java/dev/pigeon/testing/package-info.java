/**
 * Test harness for SMTP clients: {@link dev.pigeon.testing.ScriptedServer} plays a
 * {@link dev.pigeon.testing.Script} of {@link dev.pigeon.testing.Step}s (reads with deadlines,
 * sends, and {@link dev.pigeon.testing.SocketEffect} faults) and records every byte the client
 * sent; {@link dev.pigeon.testing.RecordingListener} records the client's session events.
 *
 * <p>No step sleeps to synchronise: reads block against deadlines, timed effects (drip, pause,
 * stall) wait on a latch that the server's {@code close()} releases.
 */
package dev.pigeon.testing;
