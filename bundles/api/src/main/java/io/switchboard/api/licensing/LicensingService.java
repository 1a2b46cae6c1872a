package io.switchboard.api.licensing;

import java.util.List;

/** The seat licence of this server: registered by the licensing feature while it runs. */
public interface LicensingService {

    /** Seats allowed and used per node, and the cluster's capacity. */
    Licenses licenses();

    /** Who holds a seat where, oldest login first per node. */
    List<Seat> seats();
}
