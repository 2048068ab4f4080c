import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
public class B { public static void main(String[] a) { try (NDManager m = NDManager.newBaseManager()) {
  NDArray x = m.randomNormal(new Shape(4, 8));
  System.out.println("a"); NDArray h = x.toType(DataType.FLOAT16, false); System.out.println("fp16 ok " + h.getDataType());
  NDArray y = h.dot(h.transpose()); System.out.println("fp16 dot ok");
  NDArray b = x.toType(DataType.BFLOAT16, false); System.out.println("bf16 ok " + b.getDataType());
  NDArray z = b.dot(b.transpose()); System.out.println("bf16 dot ok");
  System.out.println(z.toType(DataType.FLOAT32, false).sum().getFloat());
}}}
