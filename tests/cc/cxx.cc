// SPDX-License-Identifier: ISC
// C++ through nablux-c++ (libstdc++ built against our musl): static
// constructors and destructors, iostream, containers, exceptions thrown
// through 50 frames, RTTI, std::thread/mutex/condition_variable, fstream
// on the ext4 root, chrono and sleep_for. "cxx terminate" throws out of
// main: std::terminate, abort, status 134.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>

struct Base {
	virtual ~Base() {}
	virtual std::string name() const { return "base"; }
};
struct Derived : Base {
	std::string name() const override { return "derived"; }
};

static int depth(int n)
{
	if (n == 0)
		throw std::runtime_error("thrown 50 frames down");
	return depth(n - 1) + 1;
}

static struct Global {
	Global() { std::cout << "static constructor\n"; }
	~Global() { std::cout << "static destructor\n"; }
} global;

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv, argv + argc);
	if (args.size() > 1 && args[1] == "terminate")
		throw std::logic_error("uncaught");

	std::map<std::string, int> count;
	for (const auto &a : args)
		count[a]++;
	std::cout << "args " << args.size() << " x" << count["x"] << std::endl;

	try {
		depth(50);
	} catch (const std::exception &e) {
		std::cout << "caught " << e.what() << "\n";
	}
	try {
		std::vector<int>().at(3);
	} catch (const std::out_of_range &) {
		std::cout << "caught out_of_range\n";
	}

	std::unique_ptr<Base> b(new Derived);
	std::cout << "rtti " << b->name() << " " << (dynamic_cast<Derived *>(b.get()) != nullptr)
		  << " " << typeid(*b).name() << "\n";

	std::mutex mu;
	std::condition_variable cv;
	int done = 0;
	std::atomic<long> sum{0};
	std::vector<std::thread> ts;
	for (int i = 1; i <= 4; i++)
		ts.emplace_back([&, i] {
			for (int k = 0; k < 1000; k++)
				sum += i;
			std::lock_guard<std::mutex> l(mu);
			done++;
			cv.notify_one();
		});
	{
		std::unique_lock<std::mutex> l(mu);
		cv.wait(l, [&] { return done == 4; });
	}
	for (auto &t : ts)
		t.join();
	std::cout << "threads " << sum << "\n";

	{
		std::ofstream f("/tmp/cxx.txt");
		f << "written by C++ " << 42 << "\n";
	}
	std::ifstream f("/tmp/cxx.txt");
	std::string line;
	std::getline(f, line);
	std::cout << "file " << line << "\n";

	auto t0 = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	std::cout << "slept " << (std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(20))
		  << "\n";
	return 0;
}
