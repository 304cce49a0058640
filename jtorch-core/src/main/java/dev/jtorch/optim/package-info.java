/**
 * PyTorch 1.13's {@code torch.optim}: {@link dev.jtorch.optim.SGD}, {@link dev.jtorch.optim.Adam},
 * {@link dev.jtorch.optim.AdamW}, {@link dev.jtorch.optim.RMSprop} and {@link dev.jtorch.optim.Adagrad} on the
 * {@link dev.jtorch.optim.Optimizer} base, with learning-rate schedulers in
 * {@link dev.jtorch.optim.lr_scheduler}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), 0.01, 0.9);
 * LRScheduler sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *     for (var batch : loader) {
 *         opt.zeroGrad();
 *         lossFn.apply(model.forward(batch.x()), batch.y()).backward();
 *         opt.step();
 *     }
 *     sched.step();
 * }
 * }</pre>
 *
 * <p>Python keyword arguments become constructor overloads that take them in PyTorch's positional order
 * (for example {@code new Adam(params, lr, betas, eps, weightDecay, amsgrad, maximize)}); per-group options
 * go through {@link dev.jtorch.optim.ParamGroup}. Updates follow PyTorch's single-tensor (non-foreach) code
 * path and round like its CPU kernels, so float32 and float64 trajectories match PyTorch's bit for bit.
 * {@code stateDict()} has PyTorch's layout and key names; the {@code foreach}, {@code capturable},
 * {@code differentiable} and {@code fused} options are kept in the groups for that layout but have no
 * effect (there is one CPU implementation, and steps always run without recording a graph).
 */
package dev.jtorch.optim;
