/**
 * PyTorch 1.13's {@code torch.optim.lr_scheduler}: {@link dev.jtorch.optim.lr_scheduler.LRScheduler} and its
 * schedules ({@link dev.jtorch.optim.lr_scheduler.StepLR}, {@link dev.jtorch.optim.lr_scheduler.MultiStepLR},
 * {@link dev.jtorch.optim.lr_scheduler.ExponentialLR}, {@link dev.jtorch.optim.lr_scheduler.CosineAnnealingLR},
 * {@link dev.jtorch.optim.lr_scheduler.OneCycleLR}), and the metric-driven
 * {@link dev.jtorch.optim.lr_scheduler.ReduceLROnPlateau}. Rates are computed with PyTorch's formulas in the
 * same order of operations (chainable on {@code step()}, closed form on {@code step(epoch)}), so the
 * sequences equal PyTorch's.
 */
package dev.jtorch.optim.lr_scheduler;
