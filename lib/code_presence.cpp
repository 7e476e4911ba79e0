#include "code_presence.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace qrseal::detail {
namespace {

constexpr int block = 8;  // ZXing's HybridBinarizer block, so the threshold sees what it saw

// Per block of 8x8 pixels: the threshold, the mean of the 5x5 blocks (40x40 pixels) around it,
// or 0 where those pixels vary no more than sensor noise does (nothing printed there: every
// pixel then counts as light, so noise cannot pose as rings).
struct threshold_map {
  int blocks_x = 0, blocks_y = 0;
  std::vector<std::uint8_t> threshold;
  std::uint8_t at(int x, int y) const {
    return threshold[static_cast<std::size_t>(y / block) * blocks_x + x / block];
  }
};

threshold_map make_thresholds(const luma_plane& p, double min_deviation) {
  threshold_map t;
  t.blocks_x = (p.width + block - 1) / block;
  t.blocks_y = (p.height + block - 1) / block;
  const std::size_t n = static_cast<std::size_t>(t.blocks_x) * t.blocks_y;
  std::vector<std::uint64_t> sum(n), sq(n), count(n);
  // Every second row is sample enough for a 40x40 mean and deviation, at half the cost.
  for (int y = 0; y < p.height; y += 2) {
    const std::uint8_t* row = p.data + static_cast<std::size_t>(y) * p.stride;
    const std::size_t base = static_cast<std::size_t>(y / block) * t.blocks_x;
    for (int bx = 0; bx < t.blocks_x; ++bx) {
      const int x_end = std::min(p.width, (bx + 1) * block);
      std::uint32_t s = 0, s2 = 0;
      for (int x = bx * block; x < x_end; ++x) {
        const std::uint32_t v = row[static_cast<std::size_t>(x) * p.step];
        s += v;
        s2 += v * v;
      }
      sum[base + bx] += s;
      sq[base + bx] += s2;
      count[base + bx] += static_cast<std::uint32_t>(x_end - bx * block);
    }
  }
  const double min_variance = min_deviation * min_deviation;
  t.threshold.assign(n, 0);
  for (int by = 0; by < t.blocks_y; ++by)
    for (int bx = 0; bx < t.blocks_x; ++bx) {
      std::uint64_t s = 0, s2 = 0, c = 0;
      for (int yy = std::max(0, by - 2); yy <= std::min(t.blocks_y - 1, by + 2); ++yy)
        for (int xx = std::max(0, bx - 2); xx <= std::min(t.blocks_x - 1, bx + 2); ++xx) {
          const std::size_t i = static_cast<std::size_t>(yy) * t.blocks_x + xx;
          s += sum[i];
          s2 += sq[i];
          c += count[i];
        }
      const double mean = static_cast<double>(s) / static_cast<double>(c);
      const double variance = static_cast<double>(s2) / static_cast<double>(c) - mean * mean;
      if (variance < min_variance) continue;
      t.threshold[static_cast<std::size_t>(by) * t.blocks_x + bx] =
          static_cast<std::uint8_t>(std::clamp(mean + 0.5, 1.0, 255.0));
    }
  return t;
}

// The frame as the finder search sees it: 1 (dark) or 0 (light) per pixel, after a [1 2 1]
// smoothing in both directions on a noisy sensor. Rows are made when first needed: the search
// reads every second row and a few pixels around each candidate.
class binary_image {
 public:
  binary_image(const luma_plane& p, const threshold_map& t, bool smooth)
      : p_(p),
        t_(t),
        smooth_(smooth),
        width(p.width),
        height(p.height),
        bits_(static_cast<std::size_t>(p.width) * p.height),
        done_(static_cast<std::size_t>(p.height)),
        values_(static_cast<std::size_t>(p.width)) {}

  bool dark(int x, int y) { return row(y)[x] != 0; }

  const std::uint8_t* row(int y) {
    std::uint8_t* out = bits_.data() + static_cast<std::size_t>(y) * width;
    if (done_[static_cast<std::size_t>(y)]) return out;
    done_[static_cast<std::size_t>(y)] = 1;
    const std::size_t st = static_cast<std::size_t>(p_.step);
    const std::uint8_t* mid = p_.data + static_cast<std::size_t>(y) * p_.stride;
    const std::uint8_t* values = mid;
    if (smooth_) {
      const std::uint8_t* up = p_.data + static_cast<std::size_t>(std::max(y - 1, 0)) * p_.stride;
      const std::uint8_t* down =
          p_.data + static_cast<std::size_t>(std::min(y + 1, height - 1)) * p_.stride;
      auto col = [&](int x) {
        const std::size_t i = static_cast<std::size_t>(x) * st;
        return up[i] + 2 * mid[i] + down[i];
      };
      int left = col(0), here = left;
      for (int x = 0; x < width; ++x) {
        const int right = x + 1 < width ? col(x + 1) : here;
        values_[static_cast<std::size_t>(x)] =
            static_cast<std::uint8_t>((left + 2 * here + right + 8) >> 4);
        left = here;
        here = right;
      }
      values = values_.data();
    } else if (st != 1) {
      for (int x = 0; x < width; ++x)
        values_[static_cast<std::size_t>(x)] = mid[static_cast<std::size_t>(x) * st];
      values = values_.data();
    }
    const std::uint8_t* thr =
        t_.threshold.data() + static_cast<std::size_t>(y / block) * t_.blocks_x;
    for (int bx = 0; bx < t_.blocks_x; ++bx) {
      const std::uint8_t limit = thr[bx];
      const int x_end = std::min(width, (bx + 1) * block);
      for (int x = bx * block; x < x_end; ++x) out[x] = values[x] < limit ? 1 : 0;
    }
    return out;
  }

 private:
  const luma_plane& p_;
  const threshold_map& t_;
  bool smooth_;

 public:
  const int width, height;

 private:
  std::vector<std::uint8_t> bits_, done_, values_;
};

// 1:1:3:1:1 within the tolerance that blur, perspective and thresholding leave; `m` receives
// the module size.
bool finder_ratios(const std::array<int, 5>& r, double& m) {
  const int total = r[0] + r[1] + r[2] + r[3] + r[4];
  // Under 10 pixels (1.4 per module) a pattern is as likely to be pixel noise as print.
  if (total < 10) return false;
  m = total / 7.0;
  for (int i : {0, 1, 3, 4})
    if (r[i] < 0.3 * m || r[i] > 1.8 * m) return false;
  return r[2] >= 1.6 * m && r[2] <= 4.5 * m;
}

// The runs of colours dark, !dark, dark outwards from (x, y) in direction (dx, dy), the first
// one including (x, y) itself; false when the picture ends or a run is longer than `limit`.
bool runs_outwards(binary_image& b, int x, int y, int dx, int dy, bool dark, int limit,
                   std::array<int, 3>& runs) {
  for (int i = 0; i < 3; ++i) {
    const bool colour = (i == 1) ? !dark : dark;
    int n = 0;
    while (x >= 0 && y >= 0 && x < b.width && y < b.height && b.dark(x, y) == colour) {
      if (++n > limit) return false;
      x += dx;
      y += dy;
    }
    if (n == 0) return false;
    runs[static_cast<std::size_t>(i)] = n;
  }
  return true;
}

// The same pattern along the line through (x, y) in direction (dx, dy), whose centre colour is
// `dark`, with a module size within a factor of 2 of the row's (perspective, rotation); the
// module size of the line in `m`.
bool line_confirms(binary_image& b, int x, int y, int dx, int dy, bool dark, double m_row,
                   double& m) {
  const int limit = static_cast<int>(5 * m_row) + 3;
  std::array<int, 3> forward{}, back{};
  if (!runs_outwards(b, x, y, dx, dy, dark, limit, forward) ||
      !runs_outwards(b, x, y, -dx, -dy, dark, limit, back))
    return false;
  const std::array<int, 5> runs{back[2], back[1], back[0] + forward[0] - 1, forward[1], forward[2]};
  if (!finder_ratios(runs, m)) return false;
  return m >= 0.5 * m_row && m <= 2.0 * m_row;
}

struct candidate {
  double x, y, m;
  bool dark;
  int hits;
};

}  // namespace

double noise_sigma(const luma_plane& p) {
  if (p.width < 3 || p.height < 3) return 0;
  std::array<std::uint32_t, 1024> histogram{};
  std::uint32_t count = 0;
  for (int y = 1; y + 1 < p.height; y += 4)
    for (int x = 1; x + 1 < p.width; x += 2) {
      const int r =
          4 * p.at(x, y) - p.at(x - 1, y) - p.at(x + 1, y) - p.at(x, y - 1) - p.at(x, y + 1);
      ++histogram[static_cast<std::size_t>(std::min(std::abs(r), 1023))];
      ++count;
    }
  std::uint32_t seen = 0;
  std::size_t median = 0;
  while (median < histogram.size() && (seen += histogram[median]) * 2 < count) ++median;
  return static_cast<double>(median) / (0.6745 * std::sqrt(20.0));
}

presence look_for_code(const luma_plane& p) {
  presence out;
  if (p.width < 21 || p.height < 21) return out;
  out.noise = noise_sigma(p);
  const bool smooth = out.noise >= 6;
  // Print varies far more than sensor noise: a neighbourhood whose deviation is under 2.5 times
  // the noise (and under 10 grey levels in any case) holds none.
  const threshold_map t = make_thresholds(p, std::max(10.0, 2.5 * out.noise));
  binary_image b(p, t, smooth);

  std::vector<candidate> found;
  std::vector<int> run_len, run_start;
  for (int y = 1; y + 1 < p.height; y += 2) {
    const std::uint8_t* row = b.row(y);
    run_len.clear();
    run_start.clear();
    for (int x = 0; x < p.width;) {
      int e = x + 1;
      while (e < p.width && row[e] == row[x]) ++e;
      run_start.push_back(x);
      run_len.push_back(e - x);
      x = e;
    }
    for (std::size_t i = 0; i + 5 <= run_len.size(); ++i) {
      const std::array<int, 5> r{run_len[i], run_len[i + 1], run_len[i + 2], run_len[i + 3],
                                 run_len[i + 4]};
      double m = 0;
      if (!finder_ratios(r, m)) continue;
      const bool dark = row[run_start[i + 2]] != 0;
      const int cx = run_start[i + 2] + r[2] / 2;
      // A finder pattern is concentric: the column and a diagonal through its centre cross it
      // in the same proportions. Texture rarely does in all three directions.
      double m_column = 0, m_diagonal = 0;
      if (!line_confirms(b, cx, y, 0, 1, dark, m, m_column)) continue;
      if (!line_confirms(b, cx, y, 1, 1, dark, m, m_diagonal)) continue;
      bool merged = false;
      for (candidate& c : found)
        if (c.dark == dark && std::abs(c.x - cx) < 2 * c.m && std::abs(c.y - y) < 4 * c.m) {
          ++c.hits;
          merged = true;
          break;
        }
      if (!merged) found.push_back({static_cast<double>(cx), static_cast<double>(y), m, dark, 1});
    }
  }
  // Any row through the centre square crosses it in these proportions: a finder of 1.4
  // pixels per module or more is met on two sampled rows at least, a chance pattern seldom.
  found.erase(
      std::remove_if(found.begin(), found.end(), [](const candidate& c) { return c.hits < 2; }),
      found.end());
  bool any = false;
  for (const candidate& c : found) {
    (c.dark ? out.dark_finders : out.light_finders) += 1;
    const int r = static_cast<int>(4 * c.m);
    const int x0 = std::max(0, static_cast<int>(c.x) - r),
              y0 = std::max(0, static_cast<int>(c.y) - r);
    const int x1 = std::min(p.width, static_cast<int>(c.x) + r),
              y1 = std::min(p.height, static_cast<int>(c.y) + r);
    if (!any) {
      out.x0 = x0, out.y0 = y0, out.x1 = x1, out.y1 = y1;
      any = true;
    } else {
      out.x0 = std::min(out.x0, x0), out.y0 = std::min(out.y0, y0);
      out.x1 = std::max(out.x1, x1), out.y1 = std::max(out.y1, y1);
    }
  }
  out.structure = found.empty() ? 0 : 1;
  // Two finders of one symbol: the same polarity, module sizes within a factor of 2 (tilt),
  // 10-200 modules apart (versions 1-40, rotated). Three: one of them sees the other two at
  // similar distances and roughly a right angle.
  auto pair = [](const candidate& a, const candidate& o) {
    if (a.dark != o.dark) return false;
    const double ratio = a.m > o.m ? a.m / o.m : o.m / a.m;
    const double d = std::hypot(a.x - o.x, a.y - o.y) / (0.5 * (a.m + o.m));
    return ratio <= 2.0 && d >= 10 && d <= 200;
  };
  const std::size_t n = std::min<std::size_t>(found.size(), 64);
  for (std::size_t i = 0; i < n && out.structure < 3; ++i)
    for (std::size_t j = i + 1; j < n && out.structure < 3; ++j) {
      if (!pair(found[i], found[j])) continue;
      out.structure = std::max(out.structure, 2);
      for (std::size_t k = j + 1; k < n; ++k) {
        if (!pair(found[i], found[k]) || !pair(found[j], found[k])) continue;
        const candidate* v[3] = {&found[i], &found[j], &found[k]};
        for (int corner = 0; corner < 3; ++corner) {
          const candidate& c = *v[corner];
          const candidate& a = *v[(corner + 1) % 3];
          const candidate& e = *v[(corner + 2) % 3];
          const double ax = a.x - c.x, ay = a.y - c.y, ex = e.x - c.x, ey = e.y - c.y;
          const double la = std::hypot(ax, ay), lb = std::hypot(ex, ey);
          const double cosine = (ax * ex + ay * ey) / (la * lb);
          if (la <= 1.7 * lb && lb <= 1.7 * la && std::abs(cosine) <= 0.5) out.structure = 3;
        }
      }
    }
  return out;
}

}  // namespace qrseal::detail
