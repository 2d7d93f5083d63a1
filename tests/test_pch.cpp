// The file that kefu_test_pch's precompiled header is built for (tests/CMakeLists.txt); the
// test programs reuse that header.
