package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorType;
import org.bytedeco.pytorch.Type;

/**
 * libtorch's fused Adam kernel, {@code aten::_fused_adam_(Tensor[] self, Tensor[] grads, Tensor[]
 * exp_avgs, Tensor[] exp_avg_sqs, Tensor[] max_exp_avg_sqs, Tensor[] state_steps, *, float lr,
 * float beta1, float beta2, float weight_decay, float eps, bool amsgrad, bool maximize, Tensor?
 * grad_scale, Tensor? found_inf)}, through the dispatcher's boxed call: JavaCPP's presets bind no
 * operator whose name starts with an underscore. Each list holds one tensor (the flat weights).
 */
final class FusedAdam {
  static {
    TorchRuntime.load();
  }

  private static final OperatorHandle OPERATOR = permanent();

  private FusedAdam() {}

  private static OperatorHandle permanent() {
    OperatorHandle handle = Dispatcher.singleton().findSchemaOrThrow("aten::_fused_adam_", "");
    handle.retainReference(); // for the JVM's life, whatever scope loads this class
    return handle;
  }

  /** One update of {@code weight} and the moments in place, at {@code step} (a float scalar). */
  static void update(
      Tensor weight,
      Tensor gradient,
      Tensor firstMoment,
      Tensor secondMoment,
      Tensor step,
      double learningRate,
      double beta1,
      double beta2,
      double epsilon) {
    IValueVector stack =
        new IValueVector(
            list(weight),
            list(gradient),
            list(firstMoment),
            list(secondMoment),
            list(),
            list(step),
            new IValue(learningRate),
            new IValue(beta1),
            new IValue(beta2),
            new IValue(0.0),
            new IValue(epsilon),
            new IValue(false),
            new IValue(false),
            new IValue(),
            new IValue());
    Dispatcher.singleton().callBoxed(OPERATOR, stack);
  }

  private static IValue list(Tensor... tensors) {
    GenericList list = new GenericList(new Type.TypePtr(TensorType.get()));
    for (Tensor t : tensors) {
      list.push_back(new IValue(t));
    }
    return new IValue(list);
  }
}
