// Camera-like pictures of QR symbols for the scanning robustness tests: a symbol printed on a
// card (or shown on a screen) in a cluttered scene, seen by a pinhole camera at any distance,
// rotation and tilt, through a blurry lens, with uneven light, glare, sensor noise, JPEG
// compression and dark-mode inversion. Everything comes from a seeded generator, so every
// picture is the same on every run (and machine with the same C library: the pictures use
// std::log, std::exp and std::cos).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <qrseal/image.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <random>
#include <vector>

#include "image_writers.hpp"

namespace qrseal::distort {

// std::mt19937_64's output is fixed by the standard; the distributions of <random> are not, so
// the conversions to uniform and normal numbers are our own.
class rng {
 public:
  explicit rng(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int integer(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(uniform() * (hi - lo + 1));
  }
  double normal() {  // Box-Muller, one value per call
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::mt19937_64 engine_;
};

// Everything about one picture. Levels are 0..255 reflectance as the camera would record them
// under even light; `light - dark` is the contrast.
struct shot {
  int frame_width = 640;
  int frame_height = 480;
  double module_px = 4;      // pixels per module at the symbol's centre
  double angle_deg = 0;      // rotation in the image plane
  double tilt_deg = 0;       // rotation of the card out of the image plane (perspective)
  double tilt_axis_deg = 0;  // direction of the tilt axis on the card
  double centre_x = 0.5;     // where the symbol's centre lands, as a fraction of the frame
  double centre_y = 0.5;
  double field_of_view_deg = 65;  // horizontal, a typical phone main camera
  int quiet_zone = 4;
  double card_margin = 3;  // white card beyond the quiet zone, in modules
  double dark = 25;
  double light = 225;
  double light_falloff = 0.15;  // illumination drops by up to this fraction across the frame
  double blur_sigma = 0.5;      // lens and focus, in pixels
  double noise_sigma = 2;       // sensor noise, in grey levels
  double glare_fraction = 0;    // share of the symbol's area washed out by a reflection
  int jpeg_quality = 0;         // 0: no JPEG round trip
  bool inverted = false;        // dark-mode screen: light modules on a dark background
};

namespace detail {

struct vec3 {
  double x, y, z;
};
inline vec3 operator+(vec3 a, vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline vec3 operator-(vec3 a, vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline vec3 operator*(double s, vec3 a) { return {s * a.x, s * a.y, s * a.z}; }
inline double dot(vec3 a, vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

// Rodrigues: `v` rotated about the unit axis `k` by `angle` radians.
inline vec3 rotate(vec3 v, vec3 k, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  const vec3 cross{k.y * v.z - k.z * v.y, k.z * v.x - k.x * v.z, k.x * v.y - k.y * v.x};
  return c * v + s * cross + (dot(k, v) * (1 - c)) * k;
}

// The card as a plane in camera coordinates (pixels of focal length, module units on the card).
struct card_pose {
  double focal = 0, cx = 0, cy = 0;
  vec3 origin{}, ex{}, ey{}, normal{};

  card_pose(const shot& s) {
    const double pi = 3.141592653589793;
    focal = s.frame_width / 2.0 / std::tan(s.field_of_view_deg * pi / 360);
    cx = s.frame_width / 2.0;
    cy = s.frame_height / 2.0;
    const double distance = focal / s.module_px;  // one module is module_px pixels at the centre
    origin = {(s.centre_x * s.frame_width - cx) * distance / focal,
              (s.centre_y * s.frame_height - cy) * distance / focal, distance};
    const double a = s.angle_deg * pi / 180, t = s.tilt_deg * pi / 180;
    const double axis_angle = s.tilt_axis_deg * pi / 180;
    const vec3 axis{std::cos(axis_angle), std::sin(axis_angle), 0};
    ex = rotate({std::cos(a), std::sin(a), 0}, axis, t);
    ey = rotate({-std::sin(a), std::cos(a), 0}, axis, t);
    normal = rotate({0, 0, 1}, axis, t);
  }
  // Card point (u, v) in modules from the symbol's centre -> pixel.
  std::array<double, 2> project(double u, double v) const {
    const vec3 p = origin + u * ex + v * ey;
    return {focal * p.x / p.z + cx, focal * p.y / p.z + cy};
  }
  // Pixel -> card point, by intersecting the pixel's ray with the card's plane.
  std::array<double, 2> unproject(double x, double y) const {
    const vec3 ray{(x - cx) / focal, (y - cy) / focal, 1};
    const double t = dot(normal, origin) / dot(normal, ray);
    const vec3 q = t * ray - origin;
    return {dot(q, ex), dot(q, ey)};
  }
};

inline void blur_rows(std::vector<float>& img, int w, int h, const std::vector<float>& k,
                      bool rows) {
  const int r = static_cast<int>(k.size() / 2);
  const int n = rows ? w : h, lines = rows ? h : w;
  std::vector<float> line(static_cast<std::size_t>(n));
  for (int l = 0; l < lines; ++l) {
    auto at = [&](int i) -> float& {
      return rows ? img[static_cast<std::size_t>(l) * w + i]
                  : img[static_cast<std::size_t>(i) * w + l];
    };
    for (int i = 0; i < n; ++i) {
      float sum = 0;
      for (int j = -r; j <= r; ++j)
        sum += k[static_cast<std::size_t>(j + r)] * at(std::clamp(i + j, 0, n - 1));
      line[static_cast<std::size_t>(i)] = sum;
    }
    for (int i = 0; i < n; ++i) at(i) = line[static_cast<std::size_t>(i)];
  }
}

}  // namespace detail

inline void gaussian_blur(std::vector<float>& img, int w, int h, double sigma) {
  if (sigma <= 0.05) return;
  const int r = static_cast<int>(std::ceil(3 * sigma));
  std::vector<float> k(static_cast<std::size_t>(2 * r + 1));
  double sum = 0;
  for (int i = -r; i <= r; ++i)
    sum += k[static_cast<std::size_t>(i + r)] =
        static_cast<float>(std::exp(-i * i / (2 * sigma * sigma)));
  for (float& v : k) v = static_cast<float>(v / sum);
  detail::blur_rows(img, w, h, k, true);
  detail::blur_rows(img, w, h, k, false);
}

// JPEG at `quality` (libjpeg-turbo) and back through the library's own image loader.
inline gray_image jpeg_round_trip(const gray_image& img, int quality) {
  const std::vector<std::uint8_t> jpeg =
      test_images::jpeg(img.pixels.data(), img.width, img.height, 1, quality);
  auto back = decode_image_file(jpeg);
  return back ? std::move(back).value() : gray_image{};
}

// The picture described by `s` of the symbol `m`. `r` supplies the scene (background clutter,
// light, glare placement, noise); the geometry and levels come from `s` alone.
inline gray_image photograph(const qr_matrix& m, const shot& s, rng& r) {
  const int w = s.frame_width, h = s.frame_height;
  std::vector<float> img(static_cast<std::size_t>(w) * h);

  // Background: a desk of some grey with a few objects on it.
  const double base = r.uniform(70, 170);
  const double gx = r.uniform(-40, 40) / w, gy = r.uniform(-40, 40) / h;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img[static_cast<std::size_t>(y) * w + x] = static_cast<float>(base + gx * x + gy * y);
  for (int i = r.integer(2, 6); i > 0; --i) {
    const int x0 = r.integer(0, w - 1), y0 = r.integer(0, h - 1);
    const int x1 = std::min(w, x0 + r.integer(w / 16, w / 3)),
              y1 = std::min(h, y0 + r.integer(h / 16, h / 3));
    const float level = static_cast<float>(r.uniform(20, 235));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) img[static_cast<std::size_t>(y) * w + x] = level;
  }

  // The card, supersampled 4x4 per pixel inside its bounding box.
  const detail::card_pose pose(s);
  const double half = m.size / 2.0, card = half + s.quiet_zone + s.card_margin;
  double bx0 = w, by0 = h, bx1 = 0, by1 = 0;
  for (const auto& [u, v] :
       {std::array<double, 2>{-card, -card}, {card, -card}, {-card, card}, {card, card}}) {
    const auto p = pose.project(u, v);
    bx0 = std::min(bx0, p[0]), by0 = std::min(by0, p[1]);
    bx1 = std::max(bx1, p[0]), by1 = std::max(by1, p[1]);
  }
  const int x0 = std::max(0, static_cast<int>(bx0) - 1),
            y0 = std::max(0, static_cast<int>(by0) - 1);
  const int x1 = std::min(w, static_cast<int>(bx1) + 2),
            y1 = std::min(h, static_cast<int>(by1) + 2);
  constexpr int ss = 4;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      float& px = img[static_cast<std::size_t>(y) * w + x];
      double sum = 0;
      for (int sy = 0; sy < ss; ++sy)
        for (int sx = 0; sx < ss; ++sx) {
          const auto [u, v] = pose.unproject(x + (sx + 0.5) / ss, y + (sy + 0.5) / ss);
          if (std::abs(u) >= card || std::abs(v) >= card) {
            sum += px;
            continue;
          }
          const int mx = static_cast<int>(std::floor(u + half)),
                    my = static_cast<int>(std::floor(v + half));
          const bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.dark(mx, my);
          sum += dark ? s.dark : s.light;
        }
      px = static_cast<float>(sum / (ss * ss));
    }

  // Uneven light: a linear falloff in a random direction.
  const double dir = r.uniform(0, 6.283185307179586);
  const double dx = std::cos(dir), dy = std::sin(dir);
  const double span = std::abs(dx) * w + std::abs(dy) * h;
  const double cx = w / 2.0, cy = h / 2.0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double t = ((x - cx) * dx + (y - cy) * dy) / span + 0.5;  // 0..1 across the frame
      img[static_cast<std::size_t>(y) * w + x] *= static_cast<float>(1 - s.light_falloff * t);
    }

  // Glare: a washed-out ellipse on the symbol whose core covers glare_fraction of its area.
  if (s.glare_fraction > 0) {
    const double area = s.glare_fraction * m.size * m.size;  // in modules^2
    const double aspect = r.uniform(1, 2.5), rot = r.uniform(0, 3.141592653589793);
    const double ra = std::sqrt(area * aspect / 3.141592653589793), rb = ra / aspect;
    const double gu = r.uniform(-half + rb, half - rb), gv = r.uniform(-half + rb, half - rb);
    const double cr = std::cos(rot), sr = std::sin(rot);
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const auto [u, v] = pose.unproject(x + 0.5, y + 0.5);
        const double a = ((u - gu) * cr + (v - gv) * sr) / ra,
                     b = (-(u - gu) * sr + (v - gv) * cr) / rb;
        const double d = std::sqrt(a * a + b * b);  // 1 on the core's edge
        const double strength = d <= 1 ? 1.0 : std::exp(-(d - 1) * (d - 1) / 0.18);  // soft halo
        float& px = img[static_cast<std::size_t>(y) * w + x];
        px = static_cast<float>(px + (250 - px) * 0.97 * strength);
      }
  }

  gaussian_blur(img, w, h, s.blur_sigma);
  gray_image out{w, h, std::vector<std::uint8_t>(img.size())};
  for (std::size_t i = 0; i < img.size(); ++i) {
    double v = img[i] + s.noise_sigma * r.normal();
    if (s.inverted) v = 255 - v;
    out.pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  }
  if (s.jpeg_quality > 0) out = jpeg_round_trip(out, s.jpeg_quality);
  return out;
}

// A page of printed text (lines of word-like dark runs) in place of a symbol: a frame with
// plenty of structure but no QR code, such as a camera sees between two people's phones.
inline qr_matrix text_page(rng& r, int size = 61) {
  qr_matrix page;
  page.size = size;
  page.modules.assign(static_cast<std::size_t>(size) * size, 0);
  for (int line = 0; line + 2 <= size; line += 3)  // two rows of glyphs, one blank row
    for (int x = r.integer(0, 3); x < size;) {
      const int word = r.integer(2, 9);
      for (int i = x; i < std::min(size, x + word); ++i)
        for (int dy = 0; dy < 2; ++dy)
          if (r.uniform() < 0.6) page.modules[static_cast<std::size_t>((line + dy) * size + i)] = 1;
      x += word + r.integer(1, 2);
    }
  return page;
}

// A textured surface (carpet, asphalt, a patterned sleeve) under sensor noise: grain of 2-6
// pixels at `contrast` grey levels, no code. The costliest kind of frame for any QR finder.
inline gray_image textured_frame(rng& r, int w, int h, double contrast = 60, double noise = 8) {
  std::vector<float> img(static_cast<std::size_t>(w) * h);
  // Two octaves of value noise: a 3-pixel and a 6-pixel lattice, bilinearly interpolated.
  for (int cell : {3, 6}) {
    const int gw = w / cell + 2, gh = h / cell + 2;
    std::vector<float> grid(static_cast<std::size_t>(gw) * gh);
    for (float& g : grid) g = static_cast<float>(r.uniform(-0.5, 0.5) * contrast);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const double fx = static_cast<double>(x) / cell, fy = static_cast<double>(y) / cell;
        const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
        const double ax = fx - ix, ay = fy - iy;
        auto g = [&](int gx, int gy) { return grid[static_cast<std::size_t>(gy) * gw + gx]; };
        img[static_cast<std::size_t>(y) * w + x] +=
            static_cast<float>((1 - ay) * ((1 - ax) * g(ix, iy) + ax * g(ix + 1, iy)) +
                               ay * ((1 - ax) * g(ix, iy + 1) + ax * g(ix + 1, iy + 1)));
      }
  }
  const double base = r.uniform(90, 160);
  gray_image out{w, h, std::vector<std::uint8_t>(img.size())};
  for (std::size_t i = 0; i < img.size(); ++i)
    out.pixels[i] = static_cast<std::uint8_t>(
        std::clamp(std::lround(base + img[i] + noise * r.normal()), 0L, 255L));
  return out;
}

// The robustness suite's classes: each varies one thing over the range a phone or camera gives,
// on top of a hand-held baseline (a few degrees of rotation and tilt, 3-6 px per module, light
// lens blur and sensor noise, uneven light, clutter around the card).
struct distortion_class {
  const char* name;
  const char* what;  // the range, for docs/scanning.md
  shot (*make)(rng& r, const qr_matrix& m);
};

namespace detail {

// Puts the symbol somewhere in the frame where it and `margin` modules around it fit. A symbol
// too large for the frame at the drawn scale is made smaller: a user steps back until the code
// fits on the screen.
inline void place(shot& s, rng& r, const qr_matrix& m, double margin = 4) {
  const double pi = 3.141592653589793;
  const double turn =
      std::abs(std::cos(s.angle_deg * pi / 180)) + std::abs(std::sin(s.angle_deg * pi / 180));
  const double perspective = 1 + 0.6 * std::sin(s.tilt_deg * pi / 180);
  auto half_extent = [&] { return (m.size / 2.0 + margin) * s.module_px * turn * perspective; };
  const double room = 0.49 * std::min(s.frame_width, s.frame_height);
  if (half_extent() > room) s.module_px *= room / half_extent();
  const double sx = std::max(0.0, 0.5 - half_extent() / s.frame_width);
  const double sy = std::max(0.0, 0.5 - half_extent() / s.frame_height);
  s.centre_x = r.uniform(0.5 - sx, 0.5 + sx);
  s.centre_y = r.uniform(0.5 - sy, 0.5 + sy);
}

inline shot handheld(rng& r) {
  shot s;
  s.module_px = r.uniform(3, 6);
  s.angle_deg = r.uniform(-10, 10);
  s.tilt_deg = r.uniform(0, 10);
  s.tilt_axis_deg = r.uniform(0, 180);
  s.dark = r.uniform(15, 45);
  s.light = r.uniform(200, 240);
  s.light_falloff = r.uniform(0, 0.25);
  s.blur_sigma = r.uniform(0.4, 0.8);
  s.noise_sigma = r.uniform(1, 3);
  return s;
}

}  // namespace detail

inline const std::vector<distortion_class>& distortion_classes() {
  using detail::handheld;
  using detail::place;
  static const std::vector<distortion_class> classes{
      {"scale",
       "2-8 px/module (less if the symbol would not fit), axis-aligned to within 3 degrees",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.module_px = r.uniform(2, 8);
         s.angle_deg = r.uniform(-3, 3);
         s.tilt_deg = r.uniform(0, 5);
         s.blur_sigma = r.uniform(0.3, 0.6);
         place(s, r, m);
         return s;
       }},
      {"rotation", "0-180 degrees in the image plane, 2.5-6 px/module",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.angle_deg = r.uniform(0, 180);
         s.module_px = r.uniform(2.5, 6);
         place(s, r, m);
         return s;
       }},
      {"small_rotated", "1.8-3.0 px/module rotated 10-45 degrees (a known ZXing 1.4 weakness)",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.module_px = r.uniform(1.8, 3.0);
         s.angle_deg = r.uniform(10, 45) * (r.uniform() < 0.5 ? -1 : 1);
         s.tilt_deg = r.uniform(0, 5);
         s.blur_sigma = r.uniform(0.4, 0.6);
         place(s, r, m);
         return s;
       }},
      {"perspective", "tilt 0-40 degrees about any axis, any rotation, 3-5 px/module",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.tilt_deg = r.uniform(0, 40);
         s.angle_deg = r.uniform(0, 360);
         s.module_px = r.uniform(3, 5);
         place(s, r, m);
         return s;
       }},
      {"steep_perspective", "tilt 30-40 degrees, 2.5-4 px/module (a known ZXing 1.4 weakness)",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.tilt_deg = r.uniform(30, 40);
         s.angle_deg = r.uniform(0, 360);
         s.module_px = r.uniform(2.5, 4);
         place(s, r, m);
         return s;
       }},
      {"blur", "Gaussian blur sigma 0.8-2.5 px at 3-6 px/module",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.blur_sigma = r.uniform(0.8, 2.5);
         place(s, r, m);
         return s;
       }},
      {"noise", "sensor noise sigma 4-20 grey levels",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.noise_sigma = r.uniform(4, 20);
         place(s, r, m);
         return s;
       }},
      {"low_contrast", "30% contrast (77 grey levels between dark and light modules), any mean",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.dark = r.uniform(40, 140);
         s.light = s.dark + 0.3 * 255;
         place(s, r, m);
         return s;
       }},
      {"jpeg_q30", "JPEG quality 30, 2.5-6 px/module, any rotation",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.module_px = r.uniform(2.5, 6);
         s.angle_deg = r.uniform(0, 360);
         s.jpeg_quality = 30;
         place(s, r, m);
         return s;
       }},
      {"inverted", "light modules on dark (dark-mode screen), any rotation",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.angle_deg = r.uniform(0, 360);
         s.inverted = true;
         place(s, r, m);
         return s;
       }},
      {"glare", "a washed-out reflection over 2-10% of the symbol, anywhere on it",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.glare_fraction = r.uniform(0.02, 0.10);
         place(s, r, m);
         return s;
       }},
      {"frame_fill",
       "symbol 15-90% of the 480-pixel frame height (1.2-8.2 px/module), quiet zone may be cut",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.module_px = r.uniform(0.15, 0.90) * s.frame_height / m.size;
         s.angle_deg = r.uniform(-2, 2);
         s.tilt_deg = r.uniform(0, 4);
         s.blur_sigma = r.uniform(0.4, 0.6);
         place(s, r, m, 0);
         return s;
       }},
      {"hd_noise_blur",
       "1280x720, sigma 10-20 noise and 1.0-1.6 px blur, 2.5-4 px/module, any rotation",
       [](rng& r, const qr_matrix& m) {
         shot s = handheld(r);
         s.frame_width = 1280;
         s.frame_height = 720;
         s.module_px = r.uniform(2.5, 4);
         s.angle_deg = r.uniform(0, 360);
         s.noise_sigma = r.uniform(10, 20);
         s.blur_sigma = r.uniform(1.0, 1.6);
         place(s, r, m);
         return s;
       }},
  };
  return classes;
}

}  // namespace qrseal::distort
