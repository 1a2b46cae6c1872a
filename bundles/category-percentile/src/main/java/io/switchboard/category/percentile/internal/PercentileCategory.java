package io.switchboard.category.percentile.internal;

import io.switchboard.api.stats.CategoryPlugin;
import io.switchboard.api.stats.FinishedAction;
import java.util.Arrays;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code Java:P90} (by default): the 90th percentile, in seconds, of the full durations of the
 * mask actions that ended in the interval, e.g. of CallAnswered on a queue (speed of answer) or
 * of CallWait. Null when none ended. Nearest-rank percentile, the usual definition for service
 * reports.
 */
@Component(name = "io.switchboard.category.percentile", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = CategoryPlugin.class)
@Designate(ocd = PercentileCategory.Config.class)
public class PercentileCategory implements CategoryPlugin {

    @ObjectClassDefinition(name = "Switchboard percentile category")
    public @interface Config {
        @AttributeDefinition(description = "Category name, used as Java:<name>")
        String name() default "P90";

        @AttributeDefinition(description = "Percentile, 0 < p <= 100")
        double percentile() default 90;
    }

    private String name = "P90";
    private double percentile = 90;

    public PercentileCategory() {
    }

    PercentileCategory(String name, double percentile) {
        this.name = name;
        this.percentile = percentile;
    }

    @Activate
    void activate(Config config) {
        if (!(config.percentile() > 0 && config.percentile() <= 100)) {
            throw new IllegalArgumentException("io.switchboard.category.percentile: percentile must be in (0, 100], not "
                    + config.percentile());
        }
        this.name = config.name();
        this.percentile = config.percentile();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Number compute(Input input) {
        long[] durations = input.finished().stream().filter(a -> input.inMask(a.name()))
                .mapToLong(FinishedAction::durationMillis).toArray();
        if (durations.length == 0) {
            return null;
        }
        Arrays.sort(durations);
        int rank = (int) Math.ceil(percentile / 100.0 * durations.length);
        return durations[Math.max(0, rank - 1)] / 1000.0;
    }
}
