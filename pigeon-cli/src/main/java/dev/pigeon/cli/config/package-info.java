/**
 * Configuration files for the pigeon command line: pigeon's own {@code config.toml} ({@link
 * dev.pigeon.cli.config.PigeonConfig}, read by a strict TOML-subset parser, {@link
 * dev.pigeon.cli.config.Toml}) and an existing msmtp configuration ({@link
 * dev.pigeon.cli.config.MsmtpRc}). Both give {@link dev.pigeon.cli.config.Account}s; every problem
 * is a {@link dev.pigeon.cli.config.ConfigException} naming the file and line. No I/O here apart
 * from checking which default path exists: callers read the files.
 */
package dev.pigeon.cli.config;
