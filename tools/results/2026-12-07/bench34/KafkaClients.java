import com.sun.tools.attach.VirtualMachine;
import java.util.*;
import javax.management.*;
import javax.management.remote.*;

/**
 * KafkaClients PID: the broker's request counts (as bench31's KafkaRequests) and every consumer's and producer's own
 * totals (fetch-total, records-consumed-total; request-total), one "name count" line each, from serve's JVM.
 */
public class KafkaClients {
    public static void main(String[] a) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(a[0]);
        String url = vm.startLocalManagementAgent();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            TreeMap<String, Number> out = new TreeMap<>();
            for (ObjectName n : s.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                out.merge("broker " + n.getKeyProperty("request"), (Long) s.getAttribute(n, "Count"), (x, y) -> x.longValue() + y.longValue());
            }
            for (ObjectName n : s.queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), null)) {
                if (n.getKeyProperty("topic") != null || n.getKeyProperty("partition") != null) continue;
                String id = n.getKeyProperty("client-id");
                out.put("fetch " + id, ((Number) s.getAttribute(n, "fetch-total")).longValue());
                out.put("records " + id, ((Number) s.getAttribute(n, "records-consumed-total")).longValue());
            }
            for (ObjectName n : s.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String id = n.getKeyProperty("client-id");
                out.put("produce " + id, ((Number) s.getAttribute(n, "request-total")).longValue());
            }
            out.forEach((k, v) -> System.out.println(k + " " + v));
        }
    }
}
