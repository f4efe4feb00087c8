package dev.pigeon.server;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The embedded server under load, loopback only: {@code idle} connections greeted and held open,
 * while {@code senders} connections deliver {@code messages} messages between them; then every
 * stored message is checked against the SHA-256 of what was sent, a sample of the idle
 * connections must still answer NOOP, and a new connection must still be greeted. Bounded in
 * count and in time (every socket has a read timeout). {@link ServerLoadIT} runs it and asserts;
 * {@link #main} (behind {@code scripts/server-load.sh}) prints the figures.
 */
final class ServerLoad {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** What a run shows; {@code problems} is empty when everything was right. */
    record Figures(int idleHeld, int sent, int stored, int verified, double seconds, double messagesPerSecond,
                   double p50Millis, double p99Millis, long heapUsedBytes, List<String> problems) {
        @Override
        public String toString() {
            return String.format(
                    "idle connections held: %d%nmessages: %d sent, %d stored, %d verified by SHA-256%n"
                            + "while loaded: %.1f messages/s over %.2f s; latency MAIL..250 p50 %.2f ms, p99 %.2f ms%n"
                            + "heap used after GC (server and clients, one JVM): %.1f MiB%nproblems: %s",
                    idleHeld, sent, stored, verified, messagesPerSecond, seconds, p50Millis, p99Millis,
                    heapUsedBytes / (1024.0 * 1024), problems.isEmpty() ? "none" : problems);
        }
    }

    private ServerLoad() {}

    static Figures run(Path maildir, int idle, int senders, int messages) throws Exception {
        ServerLimits limits = ServerLimits.defaults().withMaxConnections(idle + senders + 16);
        List<String> problems = new ArrayList<>();
        List<Socket> held = new ArrayList<>(idle);
        try (SmtpServer server = SmtpServer.builder().hostname("load.pigeon.test").maildir(maildir)
                .limits(limits).build().start()) {
            try {
                for (int i = 0; i < idle; i++) {
                    Socket s = open(server);
                    held.add(s);
                    expect(s, 220);
                }
                Map<Integer, String> sentHashes = new ConcurrentHashMap<>();
                long[] latencies = new long[messages];
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> done = new ArrayList<>();
                    for (int k = 0; k < senders; k++) {
                        int first = k;
                        done.add(pool.submit(() -> {
                            send(server, first, senders, messages, sentHashes, latencies);
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(5, TimeUnit.MINUTES);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int verified = verify(server, sentHashes, problems);
                checkStillServing(server, held, problems);
                long[] sorted = latencies.clone();
                Arrays.sort(sorted);
                return new Figures(held.size(), sentHashes.size(), server.inbox().size(), verified, seconds,
                        messages / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), heapUsed(), problems);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static Socket open(SmtpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return s;
    }

    /** One sender: messages first, first + step, ... over one session, each waited for. */
    private static void send(SmtpServer server, int first, int step, int messages, Map<Integer, String> hashes,
                             long[] latencies) throws IOException {
        try (Socket s = open(server)) {
            Conversation c = new Conversation(s);
            c.expect(220);
            c.command("EHLO sender" + first + ".test", 250);
            for (int n = first; n < messages; n += step) {
                byte[] content = content(n);
                long t0 = System.nanoTime();
                c.pipelined("MAIL FROM:<sender@load.test>\r\nRCPT TO:<n" + n + "@load.test>\r\nDATA\r\n", 250, 250, 354);
                c.raw(stuffed(content));
                c.raw(".\r\n".getBytes(StandardCharsets.US_ASCII));
                c.expect(250);
                latencies[n] = System.nanoTime() - t0;
                hashes.put(n, sha256(content));
            }
            c.command("QUIT", 221);
        }
    }

    /** A message of 1 to 16 KiB of base64 lines (some starting with a dot), different for each n. */
    static byte[] content(int n) {
        SplittableRandom random = new SplittableRandom(n);
        byte[] body = new byte[1024 + random.nextInt(15 * 1024)];
        random.nextBytes(body);
        String lines = Base64.getMimeEncoder().encodeToString(body).replace("\r\nA", "\r\n.A");
        return ("Subject: load " + n + "\r\nX-Load-Id: " + n + "\r\n\r\n" + lines + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Dot-stuffing (RFC 5321 4.5.2): the content's lines never start with a dot at its very start. */
    private static byte[] stuffed(byte[] content) {
        return new String(content, StandardCharsets.US_ASCII).replace("\r\n.", "\r\n..")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int verify(SmtpServer server, Map<Integer, String> sent, List<String> problems) throws IOException {
        int verified = 0;
        for (ReceivedMessage m : server.inbox().messages()) {
            String local = m.envelope().recipients().getFirst().localPart();
            int n = Integer.parseInt(local.substring(1));
            String expected = sent.get(n);
            if ((expected == null || !expected.equals(sha256(m.content()))) && problems.size() < 10) {
                problems.add("message " + n + " stored differently from what was sent");
            } else {
                verified++;
            }
        }
        if (verified != sent.size()) {
            problems.add(sent.size() + " accepted but " + verified + " stored intact");
        }
        return verified;
    }

    private static void checkStillServing(SmtpServer server, List<Socket> held, List<String> problems) {
        try (Socket s = open(server)) {
            new Conversation(s).expect(220);
        } catch (IOException | RuntimeException e) {
            problems.add("a new connection was not greeted: " + e);
        }
        for (int i = 0; i < held.size(); i += 50) {
            try {
                new Conversation(held.get(i)).command("NOOP", 250);
            } catch (IOException | RuntimeException e) {
                problems.add("idle connection " + i + " no longer answers: " + e);
            }
        }
    }

    private static void expect(Socket s, int code) throws IOException {
        new Conversation(s).expect(code);
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A minimal client on one socket: commands, pipelined batches, replies checked by code. */
    private static final class Conversation {
        private final InputStream in;
        private final OutputStream out;
        private final ReplyDecoder decoder = new ReplyDecoder();
        private final byte[] buf = new byte[4096];

        Conversation(Socket s) throws IOException {
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        void command(String line, int code) throws IOException {
            pipelined(line + "\r\n", code);
        }

        void pipelined(String lines, int... codes) throws IOException {
            raw(lines.getBytes(StandardCharsets.US_ASCII));
            for (int code : codes) {
                expect(code);
            }
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void expect(int code) throws IOException {
            Reply r;
            while ((r = decoder.poll()) == null) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException("server closed the connection");
                }
                decoder.feed(buf, 0, n);
            }
            if (r.code() != code) {
                throw new IOException("expected " + code + ", got " + r.lines());
            }
        }
    }

    /** {@code scripts/server-load.sh}: prints the figures; arguments: idle senders messages. */
    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path maildir = java.nio.file.Files.createTempDirectory("pigeon-load-");
        try {
            Figures f = run(maildir, idle, senders, messages);
            System.out.println("pigeon server load (loopback, " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, Java " + Runtime.version() + ")");
            System.out.println(f);
            System.exit(f.problems().isEmpty() ? 0 : 1);
        } finally {
            deleteTree(maildir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
