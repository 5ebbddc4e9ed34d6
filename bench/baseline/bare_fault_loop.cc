// The yardstick for daxbench's own overhead: a bare loop doing what one
// iteration of fault/write/shared/pte does (mmap a file region, write one
// word per 4 KiB page, munmap), like will-it-scale's page_fault3, with no
// harness at all. scripts/bench-harness-overhead compares the two.
//
//   bare-fault-loop DIR SIZE_MIB MIN_SECONDS  -> prints mean ns per iteration
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bare-fault-loop DIR SIZE_MIB MIN_SECONDS\n");
    return 2;
  }
  const std::string path = std::string(argv[1]) + "/bare-fault-loop." + std::to_string(getpid());
  const size_t size = std::strtoull(argv[2], nullptr, 10) << 20;
  const double min_seconds = std::strtod(argv[3], nullptr);
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || fallocate(fd, 0, 0, static_cast<off_t>(size)) != 0) {
    std::perror(path.c_str());
    return 1;
  }
  unlink(path.c_str());
  uint64_t total_ns = 0, iterations = 0;
  while (static_cast<double>(total_ns) < min_seconds * 1e9) {
    const uint64_t t0 = now_ns();
    char* p = static_cast<char*>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    if (p == MAP_FAILED) {
      std::perror("mmap");
      return 1;
    }
    for (size_t off = 0; off < size; off += 4096)
      *reinterpret_cast<volatile uint64_t*>(p + off) = off | 1;
    munmap(p, size);
    total_ns += now_ns() - t0;
    ++iterations;
  }
  std::printf("%.0f\n", static_cast<double>(total_ns) / static_cast<double>(iterations));
  return 0;
}
