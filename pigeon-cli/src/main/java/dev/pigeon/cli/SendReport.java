package dev.pigeon.cli;

import dev.pigeon.client.ExtensionsUsed;
import dev.pigeon.client.RecipientResult;
import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import dev.pigeon.protocol.EnhancedStatus;
import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.CertificateSummary;
import dev.pigeon.tls.HandshakeSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON object {@code pigeon send --json} prints: one per send, always with the same keys
 * (null when a value does not apply), so scripts can read it without guessing.
 *
 * <pre>{@code
 * {"server":"127.0.0.1","port":2525,"outcome":"delivered","exit_code":0,"stage":"content",
 *  "recipients":[{"address":"b@example.org","accepted":true,"code":250,"enhanced":"2.1.5",
 *                 "meaning":"destination address valid","text":"2.1.5 Recipient OK"}],
 *  "final_reply":{"code":250,"enhanced":"2.0.0","meaning":"...","text":"2.0.0 OK queued as 1","queue_id":"1"},
 *  "refusal":null,"tls":null,"extensions":{...},"notices":[],"error":null,"errors":[],
 *  "timings_ms":{"connect":1,"greeting":2,"tls":null,"data":1,"total":9}}
 * }</pre>
 *
 * {@code outcome} is the result's outcome in lower case, or {@code "failed"} when the session
 * broke (a timeout, a lost connection, a refused certificate: then {@code error} says at which
 * stage and why). Reply texts are the server's, decoded as UTF-8, lines joined by "\n".
 */
final class SendReport {
    private SendReport() {}

    static Map<String, Object> of(String server, int port, SendResult result, SessionException failure,
                                  SendVerdict verdict, SessionRecorder recorder) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("server", server);
        o.put("port", port);
        o.put("outcome", result != null ? result.outcome().name().toLowerCase(Locale.ROOT) : "failed");
        o.put("exit_code", verdict.exitCode());
        o.put("stage", result != null ? result.stage().cliName()
                : failure != null ? failure.stage().cliName() : null);
        List<Object> recipients = new ArrayList<>();
        if (result != null) {
            result.recipients().forEach(r -> recipients.add(recipient(r)));
        }
        o.put("recipients", recipients);
        o.put("final_reply", result == null ? null : result.finalReply().map(SendReport::finalReply).orElse(null));
        o.put("refusal", result == null ? null : result.refusal().map(SendReport::reply).orElse(null));
        o.put("tls", tls(recorder.handshake()));
        o.put("extensions", result == null ? null : extensions(result.extensions()));
        o.put("notices", result == null ? List.of() : List.copyOf(result.notices()));
        o.put("error", failure == null ? null : error(failure));
        o.put("errors", List.copyOf(verdict.errors()));
        o.put("timings_ms", recorder.timings());
        return o;
    }

    private static Map<String, Object> recipient(RecipientResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("address", r.recipient().address());
        o.put("accepted", !r.refused());
        o.putAll(reply(r.reply()));
        r.deliveryReply().ifPresent(d -> o.put("delivery_reply", reply(d)));
        return o;
    }

    private static Map<String, Object> finalReply(Reply reply) {
        Map<String, Object> o = reply(reply);
        o.put("queue_id", reply.isPositive() ? QueueId.of(reply).orElse(null) : null);
        return o;
    }

    static Map<String, Object> reply(Reply reply) {
        Map<String, Object> o = new LinkedHashMap<>();
        Optional<EnhancedStatus> status = reply.enhancedStatus();
        o.put("code", reply.code());
        o.put("enhanced", status.map(EnhancedStatus::toString).orElse(null));
        o.put("meaning", status.map(EnhancedStatus::meaning).orElse(null));
        o.put("text", String.join("\n", reply.texts()));
        return o;
    }

    private static Map<String, Object> tls(HandshakeSummary handshake) {
        if (handshake == null) {
            return null;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("protocol", handshake.protocol());
        o.put("cipher", handshake.cipherSuite());
        CertificateSummary leaf = handshake.peerChain().isEmpty() ? null : handshake.peerChain().getFirst();
        o.put("peer_subject", leaf == null ? null : leaf.subject());
        o.put("peer_issuer", leaf == null ? null : leaf.issuer());
        o.put("peer_not_after", leaf == null ? null : leaf.notAfter().toString());
        return o;
    }

    private static Map<String, Object> extensions(ExtensionsUsed used) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pipelining", used.pipelined());
        o.put("chunking", used.chunked());
        o.put("size", used.declaredSize().isPresent() ? used.declaredSize().getAsLong() : null);
        o.put("body", used.body().keyword());
        o.put("smtputf8", used.smtputf8());
        o.put("dsn", used.dsn());
        return o;
    }

    private static Map<String, Object> error(SessionException e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stage", e.stage().cliName());
        o.put("message", e.getMessage());
        o.put("possibly_delivered", e.possiblyDelivered());
        return o;
    }
}
