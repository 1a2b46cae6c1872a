package io.switchboard.recording.internal;

import io.switchboard.api.grid.GridCodec;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the recording codecs with the grid for as long as the bundle runs: a restart of the
 * control plane (a configuration change) must not leave the grid unable to read the recordings
 * that media servers still report on.
 */
@Component(service = RecordingCodecsComponent.class, immediate = true)
public class RecordingCodecsComponent {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        for (GridCodec<?> c : RecordingCodecs.all()) {
            registrations.add(context.registerService(GridCodec.class, c, null));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered with the bundle
            }
        }
        registrations.clear();
    }
}
