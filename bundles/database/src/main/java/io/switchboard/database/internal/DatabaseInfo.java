package io.switchboard.database.internal;

/**
 * The node's database as the shell shows it (a service inside this bundle only): its
 * dataSourceName, the database, and the network server's host:port (null when none runs).
 */
public record DatabaseInfo(String name, EmbeddedDatabase database, String networkServer) {
}
