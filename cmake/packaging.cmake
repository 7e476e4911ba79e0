# Debian packages (cpack -G DEB; scripts/package runs it and lintian). One package per group of
# install components:
#   qrseal         cli                       the command, its man pages, bash completion
#   libqrseal-c0   qrseal_c_runtime          libqrseal_c.so.0 (the C API)
#   libqrseal-dev  qrseal_c, cxx_dev         C and C++ headers, libqrseal_c.so, libqrseal.a,
#                                            the CMake package and qrseal.pc
# Dependencies come from dpkg-shlibdeps; the -dev package also names the -dev packages a
# consumer of the static C++ library links against (cmake/qrsealConfig.cmake.in finds them).
option(QRSEAL_PACKAGE "Build what the Debian packages carry (man pages need help2man)" OFF)

# Bash completion: any install of the command has it.
install(FILES ${PROJECT_SOURCE_DIR}/cli/qrseal.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME qrseal COMPONENT cli)

if(NOT QRSEAL_PACKAGE)
  return()
endif()

# Man pages, made at build time by help2man from each command group's --help and the paragraphs
# of docs/cli.md (scripts/man-pages). A cross build runs the command under the emulator.
find_program(QRSEAL_HELP2MAN help2man REQUIRED)
set(QRSEAL_MAN_GROUPS keygen key trust revoke issue live verify inspect render scan card state
    journal ledger)
string(JOIN " " QRSEAL_MAN_GROUP_WORDS ${QRSEAL_MAN_GROUPS})
set(QRSEAL_MAN_DIR ${CMAKE_CURRENT_BINARY_DIR}/man)
set(QRSEAL_MAN_PAGES ${QRSEAL_MAN_DIR}/qrseal.1.gz)
foreach(group IN LISTS QRSEAL_MAN_GROUPS)
  list(APPEND QRSEAL_MAN_PAGES ${QRSEAL_MAN_DIR}/qrseal-${group}.1.gz)
endforeach()
add_custom_command(
  OUTPUT ${QRSEAL_MAN_PAGES}
  COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/man-pages ${QRSEAL_MAN_DIR} ${PROJECT_SOURCE_DIR}/docs/cli.md
          ${PROJECT_VERSION} "${QRSEAL_MAN_GROUP_WORDS}" ${CMAKE_CROSSCOMPILING_EMULATOR}
          $<TARGET_FILE:qrseal_cli>
  DEPENDS qrseal_cli ${PROJECT_SOURCE_DIR}/scripts/man-pages ${PROJECT_SOURCE_DIR}/docs/cli.md
  COMMENT "Man pages (help2man)" VERBATIM)
add_custom_target(man_pages ALL DEPENDS ${QRSEAL_MAN_PAGES})
install(FILES ${QRSEAL_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)

# /usr/share/doc/PACKAGE/{copyright,changelog.gz}, as Debian policy asks of every package.
set(QRSEAL_DEB_VERSION ${PROJECT_VERSION})
set(QRSEAL_DEB_MAINTAINER "qrseal maintainers <maintainers@users.noreply.r-seed-2702e939.example>")
string(TIMESTAMP QRSEAL_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)  # SOURCE_DATE_EPOCH if set
configure_file(cmake/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog @ONLY)
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz
  COMMAND gzip -9nf -k ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
  DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog VERBATIM)
add_custom_target(debian_changelog ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz)
foreach(pair "cli;qrseal" "qrseal_c_runtime;libqrseal-c0" "cxx_dev;libqrseal-dev")
  list(GET pair 0 component)
  list(GET pair 1 package)
  install(FILES cmake/debian/copyright ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

# libqrseal.a without its debug sections (50 MB -> a few), as dh_strip does; CPack strips only
# executables and shared libraries.
install(CODE "execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug --remove-section=.comment
  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libqrseal.a\" COMMAND_ERROR_IS_FATAL ANY)"
  COMPONENT cxx_dev)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qrseal)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "the qrseal authors")
set(CPACK_PACKAGE_CONTACT "${QRSEAL_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli qrseal_c_runtime qrseal_c cxx_dev)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENT_CLI_GROUP cli)
set(CPACK_COMPONENT_QRSEAL_C_RUNTIME_GROUP lib)
set(CPACK_COMPONENT_QRSEAL_C_GROUP dev)
set(CPACK_COMPONENT_CXX_DEV_GROUP dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()

set(CPACK_DEBIAN_CLI_PACKAGE_NAME qrseal)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_DESCRIPTION "offline-verified status credentials in QR codes (command)
qrseal signs a person's status (colour, latest test, vaccination) as a small
Ed25519-signed CBOR credential (COSE_Sign1 + CWT) and hands it out as a QR
code. Every verifier decides offline from the QR text and a signed trust list
and revocation list it already holds.

This package has the qrseal command: keys, trust and revocation lists,
issuing (one at a time or in batches), verifying, scanning pictures and
camera frames, printable cards and a handheld's state and scan journal.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libqrseal-c0)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)  # DEBIAN/shlibs (only libqrseal_c has a SONAME)
# ldconfig runs from a trigger, as Debian asks, not from maintainer scripts; the scripts given
# here only stop CPack from writing its own that call ldconfig.
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/triggers
    ${PROJECT_SOURCE_DIR}/cmake/debian/postinst ${PROJECT_SOURCE_DIR}/cmake/debian/postrm)
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_LIB_DESCRIPTION "offline-verified status credentials in QR codes (C library)
qrseal's C API (libqrseal_c) for gate and phone apps: load pinned roots and
signed lists, verify a credential's QR text or a camera frame offline, make
live codes, and keep a handheld's state and scan journal. Opaque handles,
no exceptions; only the qrseal_* functions are exported.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libqrseal-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# The C API needs only libqrseal-c0; libqrseal.a needs the -dev packages it is built on.
string(JOIN ", " CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libqrseal-c0 (= ${PROJECT_VERSION})"
       pkg-config libsodium-dev libcbor-dev zlib1g-dev libqrencode-dev libzxing-dev libpng-dev
       libjpeg62-turbo-dev libcairo2-dev libsqlite3-dev nlohmann-json3-dev libcurl4-openssl-dev)
set(CPACK_DEBIAN_DEV_DESCRIPTION "offline-verified status credentials in QR codes (development)
Headers and link files for building against qrseal: the C API
(<qrseal/qrseal.h>, -lqrseal_c) and the static C++ library (libqrseal.a,
<qrseal/*.hpp>), with a CMake package (find_package(qrseal) ->
qrseal::qrseal_c, qrseal::qrseal) and a pkg-config file (qrseal.pc).")

include(CPack)
