package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Base64ImageTest {
    private static final byte[] BYTES = "\u0089PNG not really".getBytes(StandardCharsets.ISO_8859_1);
    private static final String B64 = Base64.getEncoder().encodeToString(BYTES);

    @Test
    void plainBase64WithLineBreaksAndADataUrlDecodeToTheSameBytes() {
        assertArrayEquals(BYTES, TaskController.base64Image(B64));
        assertArrayEquals(BYTES, TaskController.base64Image(B64.substring(0, 8) + "\r\n" + B64.substring(8) + "\n"));
        assertArrayEquals(BYTES, TaskController.base64Image("data:image/png;base64," + B64));
    }

    @Test
    void strayCharactersAndNonBase64DataUrlsAreRejectedNotSkipped() {
        assertThrows(IllegalArgumentException.class, () -> TaskController.base64Image(B64 + "*"));
        assertThrows(IllegalArgumentException.class, () -> TaskController.base64Image("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> TaskController.base64Image("data:image/png," + B64));
    }
}
