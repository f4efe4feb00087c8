package dev.pigeon.delivery;

import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * One kind of DNS question, asked through dnsjava's {@link LookupSession} (which follows CNAMEs),
 * with the answer turned into a value and every wait bounded by a deadline. No cache, no search
 * path, no hosts file: every name asked is absolute, and every answer comes from the resolver.
 */
final class DnsLookup {
    /** What DNS said. Only {@link Failed} is worth asking again later. */
    sealed interface Answer {
        record Found(List<Record> records) implements Answer {}

        /** The name exists but has no record of that type (NOERROR/NODATA). */
        record NoData() implements Answer {}

        /** NXDOMAIN. */
        record NoSuchDomain() implements Answer {}

        /** SERVFAIL, a timeout, an unreachable server: temporary. */
        record Failed(String reason) implements Answer {}
    }

    private final LookupSession session;

    DnsLookup(Resolver resolver) {
        this.session = LookupSession.builder().resolver(resolver).clearCaches().clearSearchPath().build();
    }

    /** Sends the question now; {@link #await} collects the answer. */
    CompletableFuture<Answer> start(Name name, int type) {
        return session.lookupAsync(name, type).toCompletableFuture()
                .handle((result, failure) -> classify(result, failure, type));
    }

    /** The answer, or {@link Answer.Failed} once {@code deadline} has passed without one. */
    static Answer await(CompletableFuture<Answer> pending, Instant deadline, Duration timeout) {
        long nanos = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
        try {
            return pending.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Answer.Failed("no answer within " + describe(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Failed("interrupted");
        } catch (ExecutionException e) {
            return new Answer.Failed(String.valueOf(e.getCause()));
        }
    }

    private static Answer classify(LookupResult result, Throwable failure, int type) {
        if (failure == null) {
            List<Record> records = result.getRecords().stream().filter(r -> r.getType() == type).toList();
            return records.isEmpty() ? new Answer.NoData() : new Answer.Found(records);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (cause) {
            case NoSuchDomainException e -> new Answer.NoSuchDomain();
            case NoSuchRRSetException e -> new Answer.NoData();
            case ServerFailedException e -> new Answer.Failed("server failure (SERVFAIL)");
            case SocketTimeoutException e -> new Answer.Failed("timed out");
            case TimeoutException e -> new Answer.Failed("timed out");
            case InterruptedIOException e -> new Answer.Failed("timed out");
            case PortUnreachableException e -> new Answer.Failed("the DNS server is unreachable (port unreachable)");
            default -> new Answer.Failed(describe(cause));
        };
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String kind = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static String typeName(int type) {
        return Type.string(type);
    }
}
