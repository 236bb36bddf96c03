package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private static final String SWEEP = """
            {"name": "small grid",
             "network": {"seed": 2, "input": {"features": 24, "batch": 32},
                         "layers": [{"units": 24, "activation": "tanh", "repeat": 4}]},
             "axes": [{"param": "sigma_w2", "values": [0.5, 1, 2]},
                      {"param": "sigma_b2", "values": [0, 0.5]}],
             "repeats": 2}
            """;

    @Test
    void runsTheGridPrintsItAndExportsEveryRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, SWEEP);
        Path csv = dir.resolve("out.csv");
        Path json = dir.resolve("out.json");
        var r = CliTest.run("sweep", file.toString(), "--csv", csv.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("small grid: 6 cells × 2 repeats"), r.err());
        assertTrue(r.err().contains("100 %  12 of 12 runs"), r.err());
        assertTrue(r.out().startsWith("χ₁ measured: "), r.out());
        assertTrue(r.out().contains("σ_b² \\ σ_w²"), r.out());
        assertTrue(r.out().contains("6 cells in "), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(13, lines.size());
        assertTrue(lines.get(0).startsWith("cell,sigma_w2,sigma_b2,seed,error,activation_std_ratio,"
                + "activation_std_ratio_predicted,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("0,0.5,0.0,2,,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("0,0.5,0.0,3,,"), lines.get(2));
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("small grid", doc.get("sweep").get("name").asText());
        assertEquals(6, doc.get("cells").size());
        JsonNode cell = doc.get("cells").get(5);
        assertEquals(2.0, cell.get("at").get("sigma_w2").asDouble());
        assertEquals(0.5, cell.get("at").get("sigma_b2").asDouble());
        assertEquals(2, cell.get("runs").size());
        JsonNode chi = cell.get("summary").get("chi1");
        assertTrue(chi.get("mean").asDouble() > 0 && chi.get("predicted").asDouble() > 0, chi.toString());
        assertEquals(2, chi.get("n").asInt());
    }

    @Test
    void oneAxisIsATableWithTheTheory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, """
                {"network": {"seed": 2, "input": {"features": 24, "batch": 32},
                             "layers": [{"units": 24, "activation": "tanh", "repeat": 4}]},
                 "axes": [{"param": "sigma_w2", "values": [0.5, 1, 2]}],
                 "repeats": 2}""");
        var r = CliTest.run("sweep", file.toString(), "--quiet", "--measure", "activation_std_ratio");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("theory"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("0.5 ")), r.out());
    }

    @Test
    void theEstimateAndTheRefusal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, SWEEP);
        var r = CliTest.run("sweep", file.toString(), "--estimate");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("6 cells × 2 repeats; "), r.out());
        Path big = dir.resolve("big.json");
        Files.writeString(big, """
                {"network": {"input": {"features": 2048, "batch": 1024},
                             "layers": [{"units": 2048, "activation": "relu", "repeat": 4}]},
                 "axes": [{"param": "sigma_w2", "from": 1, "to": 3, "steps": 32},
                          {"param": "sigma_b2", "from": 0, "to": 1, "steps": 32}],
                 "repeats": 10}""");
        r = CliTest.run("sweep", big.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + big + ": this sweep would take about "), r.err());
        r = CliTest.run("sweep", file.toString(), "--measure", "chi2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --measure chi2; this sweep measures activation_std_ratio,"), r.err());
        Files.writeString(file, SWEEP.replace("\"repeats\": 2", "\"repeats\": 0"));
        r = CliTest.run("sweep", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + file + ":6:13: repeats: repeats must be a whole number from 1 "
                + "to 100, got 0"), r.err());
    }
}
