import com.sun.tools.attach.VirtualMachine;
import java.util.*;
import javax.management.*;
import javax.management.remote.*;

/** KafkaRequests PID: each broker request type's total count (kafka.network RequestMetrics RequestsPerSec). */
public class KafkaRequests {
    public static void main(String[] a) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(a[0]);
        String url = vm.startLocalManagementAgent();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            TreeMap<String, Long> out = new TreeMap<>();
            for (ObjectName n : s.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                String key = n.getKeyProperty("request") + "/" + n.getKeyProperty("version");
                out.merge(n.getKeyProperty("request"), (Long) s.getAttribute(n, "Count"), Long::sum);
            }
            for (ObjectName n : s.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,*"), null)) {
                out.put("messagesIn " + n.getKeyProperty("topic"), (Long) s.getAttribute(n, "Count"));
            }
            out.forEach((k, v) -> System.out.println(k + " " + v));
        }
    }
}
