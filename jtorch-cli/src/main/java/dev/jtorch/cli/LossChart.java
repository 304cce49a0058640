package dev.jtorch.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;

/** The loss curve as a PNG with a logarithmic loss axis. */
final class LossChart {
    private LossChart() {}

    /** At most this many points are drawn: more are invisible at 800 pixels and slow to render. */
    private static final int MAX_POINTS = 2000;

    static void write(float[] losses, int count, Path file, String title) throws IOException {
        int stride = Math.max(1, (count + MAX_POINTS - 1) / MAX_POINTS);
        int n = (count + stride - 1) / stride;
        double[] xs = new double[n], ys = new double[n];
        int j = 0;
        for (int i = 0; i < count; i += stride) {
            xs[j] = i;
            // a log axis cannot show zero or negative values
            ys[j] = Math.max(losses[i], Float.MIN_NORMAL);
            j++;
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("step").yAxisTitle("loss (dist)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        chart.addSeries("loss", xs, ys).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, stripPng(file.toString()), BitmapEncoder.BitmapFormat.PNG);
    }

    /** XChart appends the extension itself. */
    private static String stripPng(String path) {
        return path.endsWith(".png") ? path.substring(0, path.length() - 4) : path;
    }
}
