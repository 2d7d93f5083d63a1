import "./kefu-wallboard";
