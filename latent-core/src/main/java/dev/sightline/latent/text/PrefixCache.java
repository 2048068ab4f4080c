package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys and values of prompt prefixes already computed, so that a prompt beginning the same way skips those
 * positions in its prefill — automatic prefix caching (vLLM) or a radix cache (SGLang), at the boundaries of
 * this engine's prompt layout: a robot asking a second question about the same frames reuses the frames'
 * positions, the same question twice reuses all but the last position.
 *
 * <p>An entry is found by a digest of the prefix's content (its token ids and the vectors that replace some of
 * them), so two prompts share an entry only when every input position is equal; what a prefix computes depends
 * on nothing else (causal attention, positions from 0). Entries are copies ({@link KvCache#copyPrefix}), never
 * views of a slot, so they outlive the session that computed them. Least recently used entries are evicted to
 * keep the copies within {@code budgetBytes}; an entry larger than the whole budget is not kept.
 *
 * <p>Owns its tensors; {@link #close()} frees them. Not thread-safe: the scheduler's thread drives it.
 */
public final class PrefixCache implements AutoCloseable {
    private final NDManager manager;
    private final long budgetBytes;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    private long bytes;

    private record Entry(int positions, NDArray[] keysAndValues, long bytes) {}

    /** @param parent manager this cache's own sub-manager is created under (the device of the KV cache) */
    public PrefixCache(NDManager parent, long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("a prefix cache needs a positive budget, got " + budgetBytes);
        }
        this.manager = parent.newSubManager();
        this.budgetBytes = budgetBytes;
    }

    /** True when {@code digest} has an entry; does not count as a use. */
    public boolean contains(String digest) {
        return entries.containsKey(digest);
    }

    /**
     * Writes the prefix stored under {@code digest} into {@code slot} of {@code cache} and makes the entry the
     * most recently used.
     *
     * @return the positions written (the session's new length), or 0 when there is no such entry
     */
    public int restore(String digest, KvCache cache, int slot) {
        Entry e = entries.get(digest);
        if (e == null) {
            return 0;
        }
        cache.restorePrefix(slot, e.positions(), e.keysAndValues());
        return e.positions();
    }

    /**
     * Keeps a copy of positions {@code [0, positions)} of {@code slot} under {@code digest}, evicting the least
     * recently used entries as needed. Nothing happens when the digest is already kept or the copy alone would
     * exceed the budget.
     */
    public void save(String digest, KvCache cache, int slot, int positions) {
        long size = cache.prefixBytes(positions);
        if (contains(digest) || size > budgetBytes) {
            return;
        }
        Iterator<Map.Entry<String, Entry>> lru = entries.entrySet().iterator();
        while (bytes + size > budgetBytes && lru.hasNext()) {
            Entry evicted = lru.next().getValue();
            lru.remove();
            close(evicted);
        }
        entries.put(digest, new Entry(positions, cache.copyPrefix(slot, positions, manager), size));
        bytes += size;
    }

    /** Entries kept. */
    public int size() {
        return entries.size();
    }

    /** Bytes the kept copies take; never above the budget. */
    public long bytes() {
        return bytes;
    }

    private void close(Entry e) {
        for (NDArray a : e.keysAndValues()) {
            a.close();
        }
        bytes -= e.bytes();
    }

    @Override
    public void close() {
        entries.clear();
        bytes = 0;
        manager.close();
    }
}
