import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Per-task hop times from the four topics' record timestamps; the last N tasks only. */
public class HopProbe {
    public static void main(String[] a) {
        String boot = a[0];
        int last = Integer.parseInt(a[1]);
        Properties p = new Properties();
        p.put("bootstrap.servers", boot);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        Map<String, Map<String, Long>> first = new HashMap<>();
        List<Long> resultTs = new ArrayList<>();
        Map<String, Long> lastStep = new HashMap<>();
        try (var c = new KafkaConsumer<String, String>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of("sightline.tasks.v1", "sightline.encoded.v1", "sightline.steps.v1", "sightline.results.v1"))
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    first.computeIfAbsent(r.topic(), k -> new HashMap<>()).putIfAbsent(r.key(), r.timestamp());
                    if (r.topic().contains("steps")) lastStep.put(r.key(), r.timestamp());
                    if (r.topic().contains("results")) resultTs.add(r.timestamp());
                }
            }
        }
        var tasks = first.get("sightline.tasks.v1");
        List<Map.Entry<String, Long>> order = new ArrayList<>(tasks.entrySet());
        order.sort(Map.Entry.comparingByValue());
        order = order.subList(Math.max(0, order.size() - last), order.size());
        List<Long> te = new ArrayList<>(), ef = new ArrayList<>(), fl = new ArrayList<>(), lr = new ArrayList<>(), tr = new ArrayList<>();
        for (var e : order) {
            String id = e.getKey();
            Long enc = first.get("sightline.encoded.v1").get(id), fs = first.get("sightline.steps.v1").get(id), res = first.get("sightline.results.v1").get(id);
            if (enc == null || fs == null || res == null) continue;
            te.add(enc - e.getValue()); ef.add(fs - enc); fl.add(lastStep.get(id) - fs); lr.add(res - lastStep.get(id)); tr.add(res - e.getValue());
        }
        Collections.sort(resultTs);
        List<Long> allTasks = new ArrayList<>(tasks.values());
        Collections.sort(allTasks);
        // closed loop of 16: task i+16 was sent for result i (approximately)
        List<Long> rt = new ArrayList<>();
        int n = allTasks.size();
        for (int i = Math.max(0, n - last); i + 16 < n && i < resultTs.size(); i++) rt.add(allTasks.get(i + 16) - resultTs.get(i));
        print("task->encoded", te); print("encoded->first step", ef); print("first->last step", fl); print("last step->result", lr); print("task->result", tr); print("result i -> task i+16", rt);
    }
    static void print(String name, List<Long> v) {
        Collections.sort(v);
        if (v.isEmpty()) { System.out.println(name + ": none"); return; }
        System.out.printf("%-22s n=%d p10 %d p50 %d p90 %d mean %.1f%n", name, v.size(), v.get(v.size() / 10), v.get(v.size() / 2), v.get(v.size() * 9 / 10), v.stream().mapToLong(x -> x).average().orElse(0));
    }
}
