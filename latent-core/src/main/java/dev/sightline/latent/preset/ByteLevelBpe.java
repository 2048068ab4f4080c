package dev.sightline.latent.preset;

import dev.sightline.latent.bundle.ControlTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains a byte-level BPE (GPT-2/Qwen2 style) on a corpus and writes it as a Hugging Face {@code
 * tokenizer.json}, with the control tokens as added special tokens after the learned vocabulary. Written
 * here because DJL exposes the tokenizers runtime but not its trainer; the output is checked by loading
 * it back through DJL.
 */
public final class ByteLevelBpe {
    /** GPT-2's pre-tokenization split. */
    private static final Pattern SPLIT =
            Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private ByteLevelBpe() {}

    /** GPT-2's reversible byte → printable character map. */
    static char[] byteToUnicode() {
        char[] map = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = direct[b] ? (char) b : (char) (256 + n++);
        }
        return map;
    }

    /**
     * @param vocabSize learned vocabulary size including the 256 byte symbols (control tokens come after)
     * @return the tokenizer.json text
     */
    public static String train(List<String> corpus, int vocabSize) {
        char[] b2u = byteToUnicode();
        Map<List<String>, Integer> words = new HashMap<>();
        for (String line : corpus) {
            Matcher m = SPLIT.matcher(line);
            while (m.find()) {
                List<String> symbols = new ArrayList<>();
                for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                    symbols.add(String.valueOf(b2u[b & 0xff]));
                }
                words.merge(symbols, 1, Integer::sum);
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(b2u[b]), b);
        }
        List<String> merges = new ArrayList<>();
        Map<List<String>, Integer> current = new HashMap<>(words);
        while (vocab.size() < vocabSize) {
            Map<String, Integer> pairs = new HashMap<>();
            for (var e : current.entrySet()) {
                List<String> w = e.getKey();
                for (int i = 0; i + 1 < w.size(); i++) {
                    pairs.merge(w.get(i) + " " + w.get(i + 1), e.getValue(), Integer::sum);
                }
            }
            // Most frequent pair; ties broken by the pair's text so training is deterministic.
            String best = pairs.entrySet().stream()
                    .filter(e -> e.getValue() >= 2)
                    .max(Map.Entry.<String, Integer>comparingByValue()
                            .thenComparing(Map.Entry::getKey, (String x, String y) -> y.compareTo(x)))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            if (best == null) {
                break;
            }
            String[] ab = best.split(" ");
            String merged = ab[0] + ab[1];
            merges.add(best);
            vocab.putIfAbsent(merged, vocab.size());
            Map<List<String>, Integer> next = new HashMap<>();
            for (var e : current.entrySet()) {
                List<String> w = e.getKey();
                List<String> out = new ArrayList<>(w.size());
                for (int i = 0; i < w.size(); i++) {
                    if (i + 1 < w.size()
                            && w.get(i).equals(ab[0])
                            && w.get(i + 1).equals(ab[1])) {
                        out.add(merged);
                        i++;
                    } else {
                        out.add(w.get(i));
                    }
                }
                next.merge(out, e.getValue(), Integer::sum);
            }
            current = next;
        }
        return toJson(vocab, merges);
    }

    private static String toJson(Map<String, Integer> vocab, List<String> merges) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        int id = vocab.size();
        for (String token : ControlTokens.ALL) {
            ObjectNode t = added.addObject();
            t.put("id", id++);
            t.put("content", token);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(json, true));
        root.set("post_processor", byteLevel(json, false));
        root.set("decoder", byteLevel(json, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static ObjectNode byteLevel(JsonMapper json, boolean regex) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", false);
        n.put("trim_offsets", regex);
        n.put("use_regex", regex);
        return n;
    }
}
