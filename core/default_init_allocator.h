// DefaultInitAllocator: std::allocator whose value-less construct() default-initialises, so
// std::vector<T, DefaultInitAllocator<T>>::resize(n) leaves new trivial elements
// uninitialised instead of zero-filling them. For row arrays that parallel writers fill in
// place right after a resize (the zero-fill would be a sequential pass over every byte).
//
// Contract: after resize(n), the new elements of a trivial T hold indeterminate values; the
// caller must write each of them before it is read. Everything else is std::allocator.
#ifndef CAMPSIM_CORE_DEFAULT_INIT_ALLOCATOR_H_
#define CAMPSIM_CORE_DEFAULT_INIT_ALLOCATOR_H_

#include <memory>
#include <new>
#include <utility>

namespace campsim {

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };

  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) noexcept {}

  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      ::new (static_cast<void*>(p)) U;
    } else {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  }
};

template <class T, class U>
bool operator==(const DefaultInitAllocator<T>& /*a*/, const DefaultInitAllocator<U>& /*b*/) {
  return true;
}

}  // namespace campsim

#endif  // CAMPSIM_CORE_DEFAULT_INIT_ALLOCATOR_H_
