package dev.pigeon.outbox;

/**
 * Where a spooled message's content is: a data segment of the spool and the offset of its first
 * byte there (the length is the entry's size). Split-off entries share their parent's.
 */
record ContentRef(long segment, long offset) {

    ContentRef {
        if (segment < 0 || offset < 0) {
            throw new IllegalArgumentException("bad content reference " + segment + ":" + offset);
        }
    }

    String encode() {
        return segment + ":" + offset;
    }

    static ContentRef parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bad content reference: " + s);
        }
        return new ContentRef(Long.parseLong(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1)));
    }
}
