#include <qrseal/qr_render.hpp>
#include <string>

namespace qrseal {

gray_image rasterize(const qr_matrix& m, const render_options& o) {
  const int side = (m.size + 2 * o.quiet_zone) * o.module_px;
  gray_image img{side, side, std::vector<std::uint8_t>(static_cast<std::size_t>(side) * side, 255)};
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x) {
      if (!m.dark(x, y)) continue;
      const int px = (x + o.quiet_zone) * o.module_px;
      const int py = (y + o.quiet_zone) * o.module_px;
      for (int dy = 0; dy < o.module_px; ++dy) {
        std::uint8_t* row = img.pixels.data() + static_cast<std::size_t>(py + dy) * side + px;
        std::fill(row, row + o.module_px, std::uint8_t{0});
      }
    }
  return img;
}

std::string render_svg(const qr_matrix& m, const render_options& o) {
  const int side = m.size + 2 * o.quiet_zone;
  const int px = side * o.module_px;
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(px) +
         "\" height=\"" + std::to_string(px) + "\" viewBox=\"0 0 " + std::to_string(side) + " " +
         std::to_string(side) + "\" shape-rendering=\"crispEdges\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"";
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size;) {
      if (!m.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;  // one rectangle per horizontal run keeps the file small
      while (x + run < m.size && m.dark(x + run, y)) ++run;
      svg += "M" + std::to_string(x + o.quiet_zone) + " " + std::to_string(y + o.quiet_zone) + "h" +
             std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  svg += "\"/>\n</svg>\n";
  return svg;
}

std::string render_terminal(const qr_matrix& m, int quiet_zone) {
  const int side = m.size + 2 * quiet_zone;
  auto dark = [&](int x, int y) {
    x -= quiet_zone;
    y -= quiet_zone;
    return x >= 0 && y >= 0 && x < m.size && y < m.size && m.dark(x, y);
  };
  // Black ink on an explicit white background, so the code reads the same whatever the
  // terminal's colour theme (a dark theme would otherwise invert it).
  std::string out;
  for (int y = 0; y < side; y += 2) {
    out += "\x1b[30;107m";
    for (int x = 0; x < side; ++x) {
      const bool top = dark(x, y), bottom = y + 1 < side && dark(x, y + 1);
      if (top && bottom)
        out += "\u2588";  // full block
      else if (top)
        out += "\u2580";  // upper half block
      else if (bottom)
        out += "\u2584";  // lower half block
      else
        out += " ";
    }
    out += "\x1b[0m\n";
  }
  return out;
}

}  // namespace qrseal
