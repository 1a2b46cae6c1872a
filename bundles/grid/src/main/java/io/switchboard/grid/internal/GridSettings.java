package io.switchboard.grid.internal;

import java.util.List;

/** The member's settings, independent of how they were configured. */
public record GridSettings(String clusterName, String instanceName, String address, int port, int portCount,
        List<String> members, int backupCount, int partitionCount) {
}
