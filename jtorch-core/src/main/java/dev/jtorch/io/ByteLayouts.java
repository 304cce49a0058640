package dev.jtorch.io;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Element layouts by item size and byte order, for copying file bytes into tensor memory. */
final class ByteLayouts {
    private ByteLayouts() {}

    static ValueLayout of(int itemSize, ByteOrder order) {
        return switch (itemSize) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            default -> throw new IllegalArgumentException("no layout for items of " + itemSize + " bytes");
        };
    }
}
