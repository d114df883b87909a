package dev.momentum.cli.simulate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.deal.DealOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the journey simulator generates: how deals move through the pipeline, which commitments
 * are made at each stage and how likely they are kept, kept late, missed, renegotiated or
 * withdrawn. YAML or JSON; the default is {@code default-scenario.yaml} in this module. Stalls are
 * never planted: they follow from the deal-service's policy over what is generated.
 *
 * @param deals        how many deals
 * @param months       how far back the histories start
 * @param pipeline     the pipeline's name and stages, in order
 * @param stages       per stage: typical dwell days and the chance of revisiting the previous stage
 * @param dropOut      the chance, per stage, that the deal ends there, and how
 * @param finalOutcome how deals that went through every stage end
 * @param missDelayDays days a missed buyer commitment costs the journey (buyers wander)
 * @param closePushProbability chance that a missed buyer commitment pushes the expected close date
 * @param quietSpells  how often a visit is held up for reasons no commitment records (a budget freeze, a
 *                     reorganisation), and for how long: the stalls every stage has whatever is missed
 * @param commitments  the commitments made during a visit of a stage
 * @param plants       causes planted by an analyst: a higher miss probability for some commitments
 */
public record Scenario(
        int deals,
        int months,
        Pipeline pipeline,
        Map<String, StageProfile> stages,
        DropOut dropOut,
        Map<DealOutcome, Double> finalOutcome,
        double missDelayDays,
        double closePushProbability,
        QuietSpells quietSpells,
        List<CommitmentTemplate> commitments,
        List<Plant> plants) {

    public Scenario {
        stages = stages == null ? Map.of() : new LinkedHashMap<>(stages);
        commitments = commitments == null ? List.of() : List.copyOf(commitments);
        plants = plants == null ? List.of() : List.copyOf(plants);
        quietSpells = quietSpells == null ? QuietSpells.NONE : quietSpells;
    }

    /** A visit is held up for about {@code days} with probability {@code perVisit}. */
    public record QuietSpells(double perVisit, double days) {
        static final QuietSpells NONE = new QuietSpells(0, 0);
    }

    public record Pipeline(String name, List<String> stages) {
    }

    public record StageProfile(double dwellDays, double revisit) {
    }

    public record DropOut(double perStage, Map<DealOutcome, Double> outcomes) {
    }

    /**
     * A kind of commitment made during visits of {@code stage} (any stage when null), with
     * probability {@code perVisit}. Parties are written {@code SIDE/ROLE}, e.g. {@code BUYER/CHAMPION}.
     * The miss probability is what keep, keepLate and withdraw leave.
     */
    public record CommitmentTemplate(
            String stage,
            CommitmentCategory category,
            String madeBy,
            String madeTo,
            double perVisit,
            double dueInDays,
            double keep,
            double keepLate,
            double withdraw,
            double renegotiate) {
    }

    /**
     * A cause: commitments of this stage, category and maker role are missed with this probability
     * instead, and each such miss costs the journey {@code delayDays} (the scenario's
     * {@code missDelayDays} when absent). A plant that only made misses more frequent would cause
     * more stalls, but no more per miss than any other buyer miss.
     */
    public record Plant(String stage, CommitmentCategory category, String madeBy, double missProbability,
                        Double delayDays) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Scenario load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readValue(in, Scenario.class); // YAML is a superset of JSON
        }
    }

    public static Scenario defaultScenario() throws IOException {
        try (InputStream in = Scenario.class.getResourceAsStream("/default-scenario.yaml")) {
            return YAML.readValue(in, Scenario.class);
        }
    }

    public Scenario withDeals(int count) {
        return new Scenario(count, months, pipeline, stages, dropOut, finalOutcome, missDelayDays,
                closePushProbability, quietSpells, commitments, plants);
    }
}
