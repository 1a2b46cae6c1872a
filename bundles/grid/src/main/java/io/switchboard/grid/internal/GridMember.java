package io.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.cluster.Solution;
import io.switchboard.api.grid.GridCodec;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's Hazelcast member and registers it as a {@link HazelcastInstance} service.
 * A configuration change restarts the member (and with it every component that uses it).
 */
@Component(name = "io.switchboard.grid", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = GridMember.Config.class)
public class GridMember {

    @ObjectClassDefinition(name = "Switchboard grid", description = "The embedded Hazelcast member of this node")
    public @interface Config {
        @AttributeDefinition(description = "Members of one cluster share this name")
        String clusterName() default "switchboard";

        @AttributeDefinition(description = "Hazelcast instance name (empty: generated)")
        String instanceName() default "";

        @AttributeDefinition(description = "Address the member binds to and announces")
        String address() default "127.0.0.1";

        @AttributeDefinition(description = "First member port")
        int port() default 5701;

        @AttributeDefinition(description = "How many ports from 'port' on may be tried")
        int portCount() default 20;

        @AttributeDefinition(description = "TCP/IP join: addresses (host or host:port) of the other members")
        String[] members() default {"127.0.0.1"};

        @AttributeDefinition(description = "Synchronous backups of every map entry")
        int backupCount() default 1;

        @AttributeDefinition(description = "Hazelcast partitions (same on every member)")
        int partitionCount() default 271;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GridMember.class);

    private final CodecRegistry codecs = new CodecRegistry();
    private HazelcastInstance instance;
    private ServiceRegistration<HazelcastInstance> registration;
    private ServiceRegistration<Solution> solutionRegistration;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCodec(GridCodec<?> codec) {
        codecs.add(codec);
    }

    void removeCodec(GridCodec<?> codec) {
        codecs.remove(codec);
    }

    @Activate
    void activate(BundleContext context, Config config) {
        GridSettings settings = new GridSettings(config.clusterName(), config.instanceName(), config.address(),
                config.port(), config.portCount(), List.copyOf(Arrays.asList(config.members())),
                config.backupCount(), config.partitionCount());
        // A solution names the cluster, its members and this node: its grid settings win.
        Solution solution = SolutionFile.load(System::getProperty, System::getenv,
                java.nio.file.Path.of(System.getProperty("karaf.etc", "etc")));
        if (solution != null) {
            settings = SolutionFile.settings(solution, settings);
            LOG.info("Solution '{}': this node is member '{}' of {}", solution.name(), solution.self(),
                    solution.members().size());
        }
        try {
            com.hazelcast.config.Config hzConfig = GridConfigFactory.config(settings, getClass().getClassLoader(), codecs);
            GridConfigFactory.describe(hzConfig, solution);
            GridConfigFactory.protect(hzConfig, solution);
            ProcessClock.skewGrid();
            instance = GridConfigFactory.start(hzConfig);
            if (!GridConfigFactory.awaitWritable(instance, java.time.Duration.ofSeconds(30))) {
                LOG.warn("Solution '{}': no majority of its {} members in 30 s; writes wait for one",
                        solution.name(), solution.members().size());
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("cluster.name", settings.clusterName());
            registration = context.registerService(HazelcastInstance.class, instance, props);
            if (solution != null) {
                solutionRegistration = context.registerService(Solution.class, solution, props);
            }
            LOG.info("Grid member {} joined cluster '{}' of {} member(s)",
                    instance.getCluster().getLocalMember().getAddress(), settings.clusterName(),
                    instance.getCluster().getMembers().size());
        } catch (RuntimeException e) {
            // A half-started member would make the next attempt join a cluster with itself.
            if (instance != null) {
                instance.getLifecycleService().terminate();
                instance = null;
            }
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        if (solutionRegistration != null) {
            solutionRegistration.unregister();
            solutionRegistration = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (instance != null) {
            instance.shutdown();
            instance = null;
        }
    }
}
