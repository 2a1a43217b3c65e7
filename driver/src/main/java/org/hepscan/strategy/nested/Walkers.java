package org.hepscan.strategy.nested;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hepscan.store.Json;
import org.hepscan.strategy.proposal.Candidates;

/**
 * Replacements drawn by Markov chains in the constrained prior rather than from a bound
 * (Skilling 2006's "MCMC from a live point"; dynesty's {@code rwalk} and {@code rslice},
 * PolyChord's slices): a walker starts at a live point that beats the likelihood threshold,
 * moves {@code length} times keeping above it, and where it ends replaces a dead point. Unlike
 * a draw from a bound it needs no region that holds the whole constrained prior, which in many
 * dimensions an ellipsoid either misses (biasing log Z) or covers at a tiny acceptance. The
 * moves are shaped by the bounding ellipsoid of the surviving live points, times {@code scale}:
 * <ul>
 *   <li>{@link Move#RWALK}: a Metropolis step, uniform in the scaled ellipsoid, kept when it
 *       beats the threshold; a move is one step. The scale follows the share of steps kept
 *       toward one half. A walker that never moved keeps walking: ending where it began would
 *       put a copy of a live point in the live set.</li>
 *   <li>{@link Move#RSLICE}: a slice along a random direction (Neal 2003): an interval of one
 *       scaled radius placed at random around the walker, stepped out by that length while its
 *       ends beat the threshold, then shrunk toward the walker until a point drawn in it beats
 *       the threshold, which is the move. It goes as far as the slice reaches, whatever the
 *       width of the region, so thin and curved regions mix where small Metropolis steps
 *       would crawl. The scale follows the ratio of expansions to contractions toward one
 *       (dynesty's rule), once per set of replacements.</li>
 * </ul>
 *
 * <p>Batched for the cluster: one walker per replacement the batch of dead points needs, each
 * proposing one point per Spark job, all jobs carrying one point per walker still moving. A
 * point outside the unit cube (the prior is zero there) is judged without a call: a step
 * rejected, a slice's end reached, an interval shrunk. Every draw comes from the generator
 * given, so the walk of a resumed scan repeats that of an uninterrupted one.
 */
public final class Walkers {
  /** How a walker moves. */
  public enum Move {
    RWALK, RSLICE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Share of accepted Metropolis steps the rwalk scale is moved toward. */
  static final double TARGET = 0.5;
  /** Expansions of one end of a slice at most: beyond them the end is taken as reached. */
  static final int MAX_EXPANSIONS = 1000;

  private static final int LEFT = 0;
  private static final int RIGHT = 1;
  private static final int SHRINK = 2;

  /** One walker: where it is (a point that beat the threshold), its log L and row id, and its moves so far. */
  private static final class Walker {
    double[] at;
    double logL;
    long id;
    int moves;
    /** rwalk: steps taken (a walker also needs a move to end); rslice: unused. */
    int steps;
    // ---- rslice: the slice under way (no direction: none)
    double[] direction;
    double left;
    double right;
    int phase;
    int expansions;
    /** Where along the direction the point in flight lies. */
    double t;

    Walker(double[] at, double logL, long id) {
      this.at = at;
      this.logL = logL;
      this.id = id;
    }
  }

  /** Where a finished walker ended: the replacement of a dead point. */
  public record End(double[] unit, double logL, long id) {
  }

  private final Move move;
  private final int dimension;
  private final int length;
  private double scale;
  private final List<Walker> walkers = new ArrayList<>();
  /** The proposals of the batch in flight: for each, the walker it is for and the point. */
  private final List<Integer> pending = new ArrayList<>();
  private final List<double[]> proposed = new ArrayList<>();
  private Ellipsoid shape;
  private double lastAcceptance = TARGET;
  /** rslice: expansions and contractions of the slices of the current set of walkers. */
  private long expansions;
  private long contractions;

  /** Walkers that move {@code length} times each per replacement, from the initial {@code scale} (see {@link #initialScale}). */
  public Walkers(Move move, int dimension, int length, double scale) {
    if (length < 1 || !(scale > 0)) {
      throw new IllegalArgumentException("length " + length + ", scale " + scale);
    }
    this.move = move;
    this.dimension = dimension;
    this.length = length;
    this.scale = scale;
  }

  /**
   * The initial scale, in radii of the bounding ellipsoid. rwalk: the ellipsoid reaches
   * about sqrt(d) standard deviations of the live points, and Metropolis steps do best at
   * about 2.4 / sqrt(d) of them, so 1 / sqrt(d). rslice: one radius, the region's reach
   * (stepping out and shrinking correct it within each slice).
   */
  public static double initialScale(Move move, int dimension) {
    return move == Move.RWALK ? 1 / Math.sqrt(dimension) : 1;
  }

  public Move move() {
    return move;
  }

  /** Whether no walk is under way: the next {@link #start} begins one. */
  public boolean idle() {
    return walkers.isEmpty();
  }

  /** Walkers still moving: the size of the next batch. */
  public int walking() {
    return walkers.size();
  }

  /**
   * Starts {@code count} walkers at live points drawn (with replacement) among those of
   * {@code points} whose log L beats {@code threshold} (all of them when none does), their
   * moves shaped by the bounding ellipsoid of {@code points}.
   */
  public void start(double[][] points, double[] logL, long[] ids, double threshold, int count, SplittableRandom rng) {
    reshape(points);
    List<Integer> above = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      if (logL[i] > threshold) {
        above.add(i);
      }
    }
    walkers.clear();
    expansions = 0;
    contractions = 0;
    for (int w = 0; w < count; w++) {
      int i = above.isEmpty() ? rng.nextInt(points.length) : above.get(rng.nextInt(above.size()));
      walkers.add(new Walker(points[i].clone(), logL[i], ids[i]));
    }
  }

  /** The ellipsoid the moves are shaped by; after a resume, from the same points as when the walk began. */
  public void reshape(double[][] points) {
    shape = Ellipsoid.bounding(points, 1, Double.NEGATIVE_INFINITY);
  }

  /** One point each for the first {@code k} walkers (all when {@code k} is larger): the points to evaluate, in order. */
  public List<double[]> steps(int k, SplittableRandom rng) {
    pending.clear();
    proposed.clear();
    for (int w = 0; w < Math.min(k, walkers.size()); w++) {
      Walker walker = walkers.get(w);
      pending.add(w);
      proposed.add(move == Move.RWALK ? step(walker, rng) : slicePoint(walker, rng));
    }
    return new ArrayList<>(proposed);
  }

  private double[] step(Walker w, SplittableRandom rng) {
    double[] offset = shape.offset(rng);
    double[] x = w.at.clone();
    for (int j = 0; j < dimension; j++) {
      // reflected at the faces: the proposal stays symmetric
      x[j] = Candidates.reflect(x[j] + scale * offset[j]);
    }
    return x;
  }

  /** The next point of walker {@code w}'s slice that needs a call, settling those outside the cube on the way. */
  private double[] slicePoint(Walker w, SplittableRandom rng) {
    if (w.direction == null) {
      double[] r = shape.radius(rng);
      for (int j = 0; j < dimension; j++) {
        r[j] *= scale;
      }
      w.direction = r;
      double u = rng.nextDouble();
      w.left = -u;
      w.right = 1 - u;
      w.phase = LEFT;
      w.expansions = 0;
    }
    while (true) {
      if (w.phase == SHRINK && w.right - w.left < 1e-12) {
        // shrunk onto the walker without a point above the threshold: only where the live
        // points tie at it (a plateau); the slice ends where it began
        w.moves++;
        w.direction = null;
        return slicePoint(w, rng);
      }
      if (w.phase == SHRINK) {
        w.t = w.left + (w.right - w.left) * rng.nextDouble();
      } else {
        w.t = w.phase == LEFT ? w.left : w.right;
      }
      double[] x = along(w, w.t);
      if (x != null) {
        return x;
      }
      outside(w); // the prior is zero there: judged as a point below the threshold
    }
  }

  private double[] along(Walker w, double t) {
    double[] x = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      x[j] = w.at[j] + t * w.direction[j];
      if (!(x[j] >= 0 && x[j] <= 1)) {
        return null;
      }
    }
    return x;
  }

  /** The point at {@code w.t} did not beat the threshold: an end reached, or the interval shrunk. */
  private void outside(Walker w) {
    switch (w.phase) {
      case LEFT -> w.phase = RIGHT;
      case RIGHT -> w.phase = SHRINK;
      default -> {
        if (w.t < 0) {
          w.left = w.t;
        } else {
          w.right = w.t;
        }
        contractions++;
      }
    }
  }

  /**
   * The answers to the last {@link #steps}, in their order (log L, row id): a point counts
   * when it beats {@code threshold}. Returns the walkers that finished, in walker order;
   * they leave the walk.
   */
  public List<End> answer(double[] logL, long[] ids, double threshold) {
    if (logL.length != pending.size()) {
      throw new IllegalStateException(pending.size() + " points were proposed; " + logL.length + " answers came back");
    }
    int accepted = 0;
    for (int i = 0; i < logL.length; i++) {
      Walker w = walkers.get(pending.get(i));
      boolean above = logL[i] > threshold;
      if (move == Move.RWALK) {
        accepted += above ? 1 : 0;
        w.steps++;
        if (above) {
          moveTo(w, proposed.get(i), logL[i], ids[i]);
        }
      } else if (!above) {
        outside(w);
      } else if (w.phase == SHRINK) {
        moveTo(w, proposed.get(i), logL[i], ids[i]);
        w.direction = null;
        accepted++;
      } else {
        // an end still inside: step it out by one more length
        if (w.phase == LEFT) {
          w.left -= 1;
        } else {
          w.right += 1;
        }
        expansions++;
        if (++w.expansions >= MAX_EXPANSIONS) {
          w.phase = w.phase == LEFT ? RIGHT : SHRINK;
          w.expansions = 0;
        }
      }
    }
    if (logL.length > 0) {
      lastAcceptance = (double) accepted / logL.length;
      if (move == Move.RWALK) {
        scale *= Math.exp((lastAcceptance - TARGET) / (Math.max(TARGET, 1 - TARGET) * dimension));
        scale = Math.min(scale, 2); // beyond the bounding ellipsoid's size a step only leaves the region
      }
    }
    pending.clear();
    proposed.clear();
    List<End> done = new ArrayList<>();
    for (var it = walkers.iterator(); it.hasNext(); ) {
      Walker w = it.next();
      // a walker that never moved goes on, up to ten times its steps (only on a plateau of L)
      boolean finished = move == Move.RWALK ? w.steps >= length && (w.moves > 0 || w.steps >= 10 * length) : w.moves >= length;
      if (finished) {
        done.add(new End(w.at, w.logL, w.id));
        it.remove();
      }
    }
    if (move == Move.RSLICE && walkers.isEmpty() && expansions + contractions > 0) {
      // as many expansions as contractions: the interval's length is about the slice's
      double mult = 2.0 * Math.max(expansions, 1) / (Math.max(expansions, 1) + contractions);
      scale *= Math.max(0.5, Math.min(2, mult));
    }
    return done;
  }

  private static void moveTo(Walker w, double[] x, double logL, long id) {
    w.at = x;
    w.logL = logL;
    w.id = id;
    w.moves++;
  }

  /** Ends the walk (its walkers' replacements are no longer wanted). */
  public void clear() {
    walkers.clear();
    pending.clear();
    proposed.clear();
  }

  /** rwalk: share of the last batch's steps kept; rslice: share of its calls that ended a slice (a move). */
  public double acceptance() {
    return lastAcceptance;
  }

  public double scale() {
    return scale;
  }

  // ---- checkpoint: taken between batches, so no point is in flight

  public JsonNode state() {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("move", move.key());
    s.put("scale", scale);
    s.put("acceptance", lastAcceptance);
    s.put("expansions", expansions);
    s.put("contractions", contractions);
    ArrayNode a = s.putArray("walkers");
    for (Walker w : walkers) {
      ObjectNode o = a.addObject();
      o.set("unit", vector(w.at));
      o.set("log_l", Json.number(w.logL));
      o.put("id", w.id);
      o.put("moves", w.moves);
      o.put("steps", w.steps);
      if (w.direction != null) {
        o.set("direction", vector(w.direction));
        o.put("left", w.left);
        o.put("right", w.right);
        o.put("phase", w.phase);
        o.put("expansions", w.expansions);
      }
    }
    return s;
  }

  public void restore(JsonNode s) {
    if (!move.key().equals(s.path("move").asText(Move.RWALK.key()))) {
      throw new IllegalStateException("the checkpoint's walkers move by " + s.path("move").asText() + "; this run's by " + move.key());
    }
    scale = s.get("scale").doubleValue();
    lastAcceptance = s.get("acceptance").doubleValue();
    expansions = s.path("expansions").longValue();
    contractions = s.path("contractions").longValue();
    walkers.clear();
    for (JsonNode o : s.get("walkers")) {
      Walker w = new Walker(vector(o.get("unit")), Json.toDouble(o.get("log_l")), o.get("id").longValue());
      w.moves = o.get("moves").intValue();
      w.steps = o.get("steps").intValue();
      if (o.get("direction") != null) {
        w.direction = vector(o.get("direction"));
        w.left = o.get("left").doubleValue();
        w.right = o.get("right").doubleValue();
        w.phase = o.get("phase").intValue();
        w.expansions = o.get("expansions").intValue();
      }
      walkers.add(w);
    }
  }

  private static ArrayNode vector(double[] v) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (double x : v) {
      a.add(x);
    }
    return a;
  }

  private double[] vector(JsonNode a) {
    if (a.size() != dimension) {
      throw new IllegalStateException("a checkpointed walker has " + a.size() + " coordinates; the space has " + dimension);
    }
    double[] x = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      x[j] = a.get(j).doubleValue();
    }
    return x;
  }
}
