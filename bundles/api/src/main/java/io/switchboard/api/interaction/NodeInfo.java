package io.switchboard.api.interaction;

import java.util.Set;

/**
 * What a node serves. Empty {@code tenants} or {@code mediaTypes} mean every tenant or media type
 * (API.md); {@code disabledMediaTypes} are refused for new interactions.
 */
public record NodeInfo(String name, String instance, Set<String> tenants, Set<String> mediaTypes,
        Set<String> disabledMediaTypes, int maxInteractionsPerSnapshot, long pullHoldMillis) {

    public NodeInfo {
        tenants = Set.copyOf(tenants);
        mediaTypes = Set.copyOf(mediaTypes);
        disabledMediaTypes = Set.copyOf(disabledMediaTypes);
    }

    public boolean servesTenant(String tenant) {
        return tenants.isEmpty() || tenants.contains(tenant);
    }

    public boolean servesMedia(String media) {
        return mediaTypes.isEmpty() || mediaTypes.contains(media);
    }

    /** Takes new interactions of this tenant and media type. */
    public boolean accepts(String tenant, String media) {
        return servesTenant(tenant) && servesMedia(media) && !disabledMediaTypes.contains(media);
    }
}
