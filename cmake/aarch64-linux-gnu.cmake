# Cross-compiling qrseal for arm64 (aarch64) Debian 12: Debian's crossbuild-essential-arm64
# compilers, the arm64 libraries unpacked into a sysroot by scripts/arm64-sysroot, and the tests
# run under qemu-aarch64-static (binfmt_misc is not needed: ctest calls the emulator itself).
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
#         -DQRSEAL_SYSROOT=build-arm64/sysroot          (scripts/cross-arm64 does all of it)
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT QRSEAL_SYSROOT AND DEFINED ENV{QRSEAL_SYSROOT})
  set(QRSEAL_SYSROOT "$ENV{QRSEAL_SYSROOT}")
endif()
if(NOT QRSEAL_SYSROOT OR NOT EXISTS "${QRSEAL_SYSROOT}/usr/include/sodium.h")
  message(FATAL_ERROR "QRSEAL_SYSROOT='${QRSEAL_SYSROOT}' is not an arm64 sysroot with qrseal's "
                      "dependencies; make one with: bash scripts/arm64-sysroot DIR (-> DIR/sysroot)")
endif()
get_filename_component(QRSEAL_SYSROOT "${QRSEAL_SYSROOT}" ABSOLUTE)
# try_compile projects read this file again: hand them the sysroot too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES QRSEAL_SYSROOT)

set(CMAKE_SYSROOT "${QRSEAL_SYSROOT}")
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Libraries, headers and CMake packages only from the sysroot; programs (pkg-config) from the host.
set(CMAKE_FIND_ROOT_PATH "${QRSEAL_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The host's pkg-config, reading only the sysroot's .pc files and prefixing their paths with it.
set(ENV{PKG_CONFIG_LIBDIR}
    "${QRSEAL_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${QRSEAL_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${QRSEAL_SYSROOT}")

# -L: the emulator loads the arm64 dynamic loader and libraries from the sysroot.
find_program(QRSEAL_QEMU qemu-aarch64-static REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${QRSEAL_QEMU};-L;${QRSEAL_SYSROOT}")
