package dev.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code docker-compose.yml} against the Compose specification's JSON schema ({@code compose_spec.json}
 * as Docker Compose 1.29 ships it, under {@code src/test/resources/schemas/}): the check {@code
 * docker-compose config} makes, offline and in the build.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Schema schema() throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/schemas/compose-spec.json")) {
            JsonNode schema = JSON.readTree(in);
            dropIds(schema);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                    .getSchema(schema);
        }
    }

    /**
     * The schema labels its parts with draft-04 {@code "id": "#/definitions/..."} strings, which draft 2019-09
     * does not know and the validator rejects; they carry no constraint (docker-compose's own validator
     * ignores them too), so they are removed.
     */
    private static void dropIds(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("id").isString()) {
                o.remove("id");
            }
        }
        node.forEach(ComposeFileTest::dropIds);
    }

    private static JsonNode compose() throws IOException {
        List<Map<String, Object>> docs = KustomizeRenderer.documents(ROOT.resolve("docker-compose.yml"));
        return JSON.valueToTree(docs.get(0));
    }

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws IOException {
        List<Error> errors = schema().validate(compose());
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void aMisspelledServiceKeyIsCaught() throws IOException {
        JsonNode compose = compose();
        ((ObjectNode) compose.get("services").get("gateway")).put("healthcheckk", "x");
        assertFalse(schema().validate(compose).isEmpty());
    }
}
