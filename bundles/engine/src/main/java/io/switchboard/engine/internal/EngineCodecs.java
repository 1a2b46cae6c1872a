package io.switchboard.engine.internal;

import io.switchboard.api.grid.GridCodec;
import io.switchboard.engine.internal.grid.GridEngine;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the engine's grid codecs. The grid binds them synchronously, so a component that
 * references this one may use the grid's maps at once.
 */
@Component(service = EngineCodecs.class, immediate = true)
public class EngineCodecs {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        for (GridCodec<?> codec : GridEngine.codecs()) {
            registrations.add(context.registerService(GridCodec.class, codec, null));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
        registrations.clear();
    }
}
