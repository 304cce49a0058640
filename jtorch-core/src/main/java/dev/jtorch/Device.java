package dev.jtorch;

import java.util.Objects;

/** Where a tensor's memory lives: {@code cpu}, or {@code cuda:N} once the CUDA backend exists. */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, -1);

    public Device {
        Objects.requireNonNull(type);
    }

    /** Parses "cpu", "cuda" or "cuda:1" like {@code torch.device(...)}. */
    public static Device of(String spec) {
        String s = spec.trim();
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return new Device(Type.CUDA, -1);
        if (s.startsWith("cuda:")) {
            try {
                return new Device(Type.CUDA, Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid device string: '" + spec + "'");
            }
        }
        throw new IllegalArgumentException("Expected one of cpu, cuda device type at start of device string: " + spec);
    }

    @Override public String toString() {
        String t = type == Type.CPU ? "cpu" : "cuda";
        return index < 0 ? t : t + ":" + index;
    }
}
