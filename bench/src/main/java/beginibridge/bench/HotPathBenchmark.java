package beginibridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import beginibridge.intake.EnvelopeReader;
import beginibridge.intake.SignatureVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guards the intake's hot path: the bridge's own signature verifier and envelope reader, and B1's hand-written
 * equivalents, over the same realistic signed bodies (1-3 KB, the seven types) as the load runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class HotPathBenchmark {

    private static final String KEY = "jmh-benchmark-key-not-a-secret";

    private List<Bodies.Request> pool;
    private int next;
    private SignatureVerifier verifier;
    private EnvelopeReader reader;
    private BareServers.Intake byHand;
    private final Set<String> signedBy = Set.of(Bench.INTEGRATION);

    @Setup
    public void setUp() {
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        pool = Bodies.pool("jmh", 512, Bench.INTEGRATION, key).stream()
                .filter(r -> r.expect() == Bodies.Expect.ACCEPTED).toList();
        verifier = new SignatureVerifier(Bench.INTEGRATION + "=" + KEY, "HmacSHA512");
        reader = new EnvelopeReader(1_048_576, "1h");
        byHand = new BareServers.Intake(Bench.INTEGRATION + "=" + KEY, null, false);
    }

    private Bodies.Request next() {
        Bodies.Request r = pool.get(next);
        next = (next + 1) % pool.size();
        return r;
    }

    @Benchmark
    public Object bridgeVerifySignature() {
        Bodies.Request r = next();
        return verifier.signersOf(r.body(), r.signature());
    }

    @Benchmark
    public Object bridgeReadEnvelope() {
        return reader.parse(next().body(), signedBy);
    }

    @Benchmark
    public Object bridgeVerifyAndRead() {
        Bodies.Request r = next();
        return reader.parse(r.body(), verifier.signersOf(r.body(), r.signature()));
    }

    @Benchmark
    public Object b1VerifySignature() {
        Bodies.Request r = next();
        return byHand.signers(r.body(), r.signature());
    }

    @Benchmark
    public Object b1ReadEnvelope() throws Exception {
        return byHand.envelope(next().body(), signedBy);
    }

    @Benchmark
    public Object b1VerifyAndRead() throws Exception {
        Bodies.Request r = next();
        return byHand.envelope(r.body(), byHand.signers(r.body(), r.signature()));
    }
}
