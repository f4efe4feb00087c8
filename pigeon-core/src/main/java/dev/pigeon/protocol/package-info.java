/**
 * The SMTP codec: replies, commands, addresses and the DATA byte-stream transforms.
 *
 * <p>Pure: nothing here opens a socket or reads a clock, so the client and the embedded server
 * share it and tests can drive it byte by byte. The codec is strict where being lenient would let
 * an attacker smuggle a command or a message boundary: CRLF only, bounded lines, no control
 * characters in anything that goes on the wire.
 */
package dev.pigeon.protocol;
