import "./kefu-supervisor";
