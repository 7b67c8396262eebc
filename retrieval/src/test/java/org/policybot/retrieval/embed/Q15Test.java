package org.policybot.retrieval.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Q15Test {

    @Test
    void should_keep_every_16_bit_value_from_minus_one_to_one_exactly() {
        for (int h = -32767; h <= 32767; h++) {
            assertThat(Q15.of(Q15.toFloat((short) h))).as("value %d", h).isEqualTo((short) h);
        }
        assertThat(Q15.toFloat((short) 32767)).isEqualTo(1f);
        assertThat(Q15.toFloat((short) -32767)).isEqualTo(-1f);
        assertThat(Q15.toFloat((short) 0)).isZero();
    }

    @Test
    void should_round_to_the_nearest_step_and_clamp_to_minus_one_and_one() {
        float step = 1f / 32767;
        assertThat(Q15.toFloat(Q15.of(0.3f))).isCloseTo(0.3f, within(step / 2));
        assertThat(Q15.of(0.4f * step)).isEqualTo((short) 0);
        assertThat(Q15.of(0.6f * step)).isEqualTo((short) 1);
        assertThat(Q15.of(-0.6f * step)).isEqualTo((short) -1);
        assertThat(Q15.of(1.5f)).isEqualTo((short) 32767);
        assertThat(Q15.of(-1.5f)).isEqualTo((short) -32767);
        assertThat(Q15.of(Float.POSITIVE_INFINITY)).isEqualTo((short) 32767);
        assertThat(Q15.of(Float.NEGATIVE_INFINITY)).isEqualTo((short) -32767);
        assertThat(Q15.of(Float.NaN)).isEqualTo((short) 0);
    }

    @Test
    void should_keep_the_cosine_of_unit_vectors_within_a_few_hundred_thousandths() {
        Random random = new Random(7);
        for (int t = 0; t < 200; t++) {
            float[] a = unit(random, 512);
            float[] b = unit(random, 512);
            double exact = 0;
            for (int i = 0; i < a.length; i++) {
                exact += a[i] * b[i];
            }
            assertThat(Q15.dot(a, Q15.of(b))).isCloseTo(exact, within(5e-5));
            assertThat(Q15.dot(a, Q15.of(a))).isCloseTo(1.0, within(5e-5));
        }
        assertThat(Q15.dot(null, new short[1])).isZero();
        assertThat(Q15.dot(new float[2], new short[1])).isZero();
    }

    @Test
    void should_write_and_read_a_vector() throws Exception {
        short[] v = Q15.of(new float[] {0.5f, -0.25f, 1f, -1f});
        short[] back = Q15.read(new DataInputStream(new ByteArrayInputStream(Q15.bytes(v))), 4);
        assertThat(back).containsExactly(v);
        assertThat(Q15.floats(back)).containsExactly(new float[] {0.5f, -0.25f, 1f, -1f}, within(2e-5f));
        assertThat(Q15.floats(null)).isNull();
        assertThat(Q15.of((float[]) null)).isNull();
    }

    private static float[] unit(Random random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
