package dev.pigeon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, ephemeral port) for routing tests, answering
 * from a zone the test fills in. A name not in the zone is NXDOMAIN; a name with no record of the
 * asked type is NOERROR/NODATA; a CNAME is answered alone, so the client follows it. Faults per
 * name and type: {@link #fail(String, String, Fault)}.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
 *     dns.add("example.test", "MX", "10 mx1.test.").add("mx1.test", "A", "127.0.0.1");
 *     MxResolver resolver = MxResolver.builder().server(dns.address()).build();
 * }
 * }</pre>
 */
public final class LoopbackDnsServer implements AutoCloseable {
    public enum Fault { NXDOMAIN, SERVFAIL, SILENT }

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    private LoopbackDnsServer(DatagramSocket socket) {
        this.socket = socket;
        this.thread = Thread.ofPlatform().daemon().name("loopback-dns-" + socket.getLocalPort()).start(this::serve);
    }

    public static LoopbackDnsServer start() {
        try {
            return new LoopbackDnsServer(new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Adds one record, its data in zone-file syntax: {@code add("a.test", "MX", "10 mx.test.")}. */
    public LoopbackDnsServer add(String name, String type, String data) {
        Name owner = name(name);
        try {
            Record record = Record.fromString(owner, Type.value(type), DClass.IN, 300, data, Name.root);
            zone.computeIfAbsent(owner, n -> new CopyOnWriteArrayList<>()).add(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Answers questions for {@code name} of {@code type} ({@code "*"}: any type) with a fault. */
    public LoopbackDnsServer fail(String name, String type, Fault fault) {
        faults.put(key(name(name), type), fault);
        return this;
    }

    /** Every question received, in order, as {@code "name TYPE"} (no final dot, lower case). */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response != null) {
                    byte[] wire = response.toWire(512);
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // a malformed query: ignore it, as a real server would
            }
        }
    }

    /** The response, or null to stay silent. */
    private Message answer(Message query) {
        Record question = query.getQuestion();
        Name qname = question.getName();
        int qtype = question.getType();
        queries.add(qname.toString(true).toLowerCase(Locale.ROOT) + " " + Type.string(qtype));
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        Fault fault = faults.getOrDefault(key(qname, Type.string(qtype)), faults.get(key(qname, "*")));
        if (fault == Fault.SILENT) {
            return null;
        }
        if (fault != null) {
            response.getHeader().setRcode(fault == Fault.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.SERVFAIL);
            return response;
        }
        List<Record> records = zone.get(qname);
        if (records == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        List<Record> matching = new ArrayList<>(records.stream().filter(r -> r.getType() == qtype).toList());
        if (matching.isEmpty() && qtype != Type.CNAME) {
            matching.addAll(records.stream().filter(r -> r.getType() == Type.CNAME).toList());
        }
        matching.forEach(r -> response.addRecord(r, Section.ANSWER));
        return response;
    }

    private static String key(Name name, String type) {
        return name.toString().toLowerCase(Locale.ROOT) + " " + type.toUpperCase(Locale.ROOT);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
