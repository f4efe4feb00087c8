/**
 * Hostile-server cases at the library level: what the command line cannot show (the reply
 * decoder's bounds under every split, a certificate that changes between connections, commands
 * that cannot be built with a control character in them). The command-line cases, which also
 * check exit statuses and output, are in {@code dev.pigeon.cli.hostile}.
 */
package dev.pigeon.hostile;
