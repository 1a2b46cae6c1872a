package io.switchboard.engine.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.api.time.SwitchboardClock;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.core.Mask;
import io.switchboard.engine.internal.core.Query;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.registry.RegistrySeeds;
import io.switchboard.engine.internal.registry.StatRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The statistics engine of this node: applies accepted events and answers statistics. */
@Component(name = "io.switchboard.stats", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {EventSink.class, StatisticsService.class, SwitchboardClock.class},
        property = "sink=engine")
@Designate(ocd = StatsEngine.Config.class)
public class StatsEngine implements EventSink, StatisticsService, SwitchboardClock {

    @ObjectClassDefinition(name = "Switchboard statistics engine")
    public @interface Config {
        @AttributeDefinition(description = "wall: the wall clock; event: the largest event timestamp seen")
        String clock() default "wall";

        @AttributeDefinition(description = "How long finished actions are kept (ISO-8601 duration)")
        String history() default "P1D";

        @AttributeDefinition(description = "Stat types ({\"statTypes\": [...]}) seeding a cluster that has none; "
                + "relative to karaf.etc")
        String statTypesFile() default "switchboard-stattypes.json";

        @AttributeDefinition(description = "Named time profiles ({\"timeProfiles\": {name: profile}}) seeding a "
                + "cluster that has none; relative to karaf.etc")
        String timeProfilesFile() default "switchboard-timeprofiles.json";
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatsEngine.class);

    private EngineClock clock;
    private GridEngine engine;
    private StatRegistry registry;

    @Reference
    private HazelcastInstance hazelcast;

    /** Our codecs must be known to the grid before the first map operation. */
    @Reference
    private EngineCodecs codecs;

    @Activate
    void activate(Config config) {
        clock = new EngineClock(parseClock(config.clock()), System::currentTimeMillis);
        engine = new GridEngine(hazelcast, new ConfigStore(hazelcast));
        registry = new StatRegistry(hazelcast, StatRegistry::checkProfile);
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        try {
            if (registry.seedIfEmpty(RegistrySeeds.statTypes(etc.resolve(config.statTypesFile())),
                    RegistrySeeds.timeProfiles(etc.resolve(config.timeProfilesFile())))) {
                LOG.info("Seeded {} stat types and {} time profiles from {}", registry.statTypes().size(),
                        registry.timeProfiles().size(), etc);
            }
        } catch (IOException | RuntimeException e) {
            // A broken seed leaves the registry empty but the engine running: PUTs still work.
            LOG.error("Stat type / time profile seed in {} rejected: {}", etc, e.getMessage());
        }
        LOG.info("Statistics engine started (clock {}), {} objects in the grid", clock.mode(), engine.objectCount());
    }

    private static EngineClock.Mode parseClock(String text) {
        try {
            return EngineClock.Mode.valueOf(text.trim());
        } catch (IllegalArgumentException e) {
            LOG.error("io.switchboard.stats: clock '{}' is neither 'wall' nor 'event'; using wall", text);
            return EngineClock.Mode.wall;
        }
    }

    @Deactivate
    void deactivate() {
        engine = null;
    }

    @Override
    public void accept(List<CanonicalEvent> events) {
        for (CanonicalEvent e : events) {
            clock.observe(e.ts());
        }
        engine.apply(events);
    }

    @Override
    public StatValue peek(StatRequest request) {
        StatType type = request.statType();
        Category category = type.parsedCategory();
        if (category == null) {
            throw SwitchboardException.badRequest("unknown category '" + type.category() + "'", "statType.category");
        }
        if (!type.objects().isEmpty() && !type.objects().contains(request.object().type())) {
            throw SwitchboardException.badRequest("stat type " + type.name() + " is not defined for "
                    + request.object().type() + " objects", "object.type");
        }
        if (request.timeProfile() != null && registry.timeProfile(request.timeProfile()) == null) {
            throw SwitchboardException.badRequest("unknown time profile '" + request.timeProfile() + "'",
                    "timeProfile");
        }
        if (request.inlineProfile() != null) {
            StatRegistry.checkProfile(new TimeProfileDefinition("inline", request.inlineProfile()));
        }
        if (category != Category.CurrentState && category != Category.CurrentNumber) {
            throw new SwitchboardException(501, "category " + category + " is not available yet", "statType.category");
        }
        if (category == Category.CurrentState && !request.object().type().hasStatus()) {
            throw SwitchboardException.badRequest("CurrentState is for Agent, Place and DN, not "
                    + request.object().type(), "object.type");
        }
        try {
            Mask.parse(type.mask());
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), "statType.mask");
        }
        Object value = engine.evaluate(request.object(), new Query(category, type.subject(), type.mask(),
                request.filter()));
        return new StatValue(value, clock.now(), false);
    }

    @Override
    public ObjectState state(ObjectRef object) {
        return engine.state(object);
    }

    @Override
    public StatType statType(String name) {
        return registry.statType(name);
    }

    @Override
    public Collection<StatType> statTypes() {
        return registry.statTypes();
    }

    @Override
    public StatType putStatType(StatType type) {
        return registry.putStatType(type);
    }

    @Override
    public TimeProfileDefinition timeProfile(String name) {
        return registry.timeProfile(name);
    }

    @Override
    public Collection<TimeProfileDefinition> timeProfiles() {
        return registry.timeProfiles();
    }

    @Override
    public TimeProfileDefinition putTimeProfile(TimeProfileDefinition profile) {
        return registry.putTimeProfile(profile);
    }

    @Override
    public long objectCount() {
        return engine.objectCount();
    }

    @Override
    public long now() {
        return clock.now();
    }

    @Override
    public void observe(long eventTs) {
        clock.observe(eventTs);
    }
}
