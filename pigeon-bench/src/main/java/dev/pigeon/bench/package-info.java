/**
 * JMH micro-benchmarks of the codec hot paths a bulk run crosses once per message or per byte:
 * {@link dev.pigeon.protocol.DotStuffingOutputStream} (every content byte),
 * {@link dev.pigeon.protocol.ReplyDecoder} (every reply) and
 * {@link dev.pigeon.protocol.CommandEncoder} (every command). Not part of the default build: see
 * docs/BUILDING.md, "Benchmarks".
 */
package dev.pigeon.bench;
