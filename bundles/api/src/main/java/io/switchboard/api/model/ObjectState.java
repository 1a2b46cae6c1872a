package io.switchboard.api.model;

import java.util.List;

/**
 * The CurrentState of an Agent, Place or DN: its status, since when (null if the object has had
 * no event), and one entry per DN or media login.
 */
public record ObjectState(String status, Long since, List<EndpointStatus> dns) {

    public ObjectState {
        dns = List.copyOf(dns);
    }

    /** A DN (voice) or a media login: {@code dn} is null on non-voice media. */
    public record EndpointStatus(String dn, String media, String status, Long since, String call) {
    }
}
